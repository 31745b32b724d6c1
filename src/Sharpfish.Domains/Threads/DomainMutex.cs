using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>A mutex for a domain's threads on any of its cores; lockers get it in the order they asked.</summary>
public sealed class DomainMutex : SyncObject
{
    internal DomainMutex(SyncHandle handle, IThreadsHandler home)
        : base(handle, home)
    {
    }

    /// <summary>Completes once this thread holds the mutex.</summary>
    public Task LockAsync() => Do(Home.LockAsync(Handle.Id), "lock mutex");

    /// <summary>Releases the mutex (to the next locker, if one waits).</summary>
    public Task UnlockAsync() => Do(Home.UnlockAsync(Handle.Id), "unlock mutex");
}
