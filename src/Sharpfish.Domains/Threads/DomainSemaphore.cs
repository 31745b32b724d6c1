using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>A counting semaphore for a domain's threads on any of its cores.</summary>
public sealed class DomainSemaphore : SyncObject
{
    internal DomainSemaphore(SyncHandle handle, IThreadsHandler home)
        : base(handle, home)
    {
    }

    /// <summary>Completes once the count was above zero and this thread took one.</summary>
    public Task WaitAsync() => Do(Home.SemWaitAsync(Handle.Id), "wait on semaphore");

    /// <summary>Adds one to the count (or hands it to the longest waiter).</summary>
    public Task PostAsync() => Do(Home.SemPostAsync(Handle.Id), "post semaphore");
}
