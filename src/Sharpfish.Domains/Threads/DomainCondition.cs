using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>A condition variable for a domain's threads; it and the mutexes waited with it share a home.</summary>
public sealed class DomainCondition : SyncObject
{
    internal DomainCondition(SyncHandle handle, IThreadsHandler home)
        : base(handle, home)
    {
    }

    /// <summary>Releases <paramref name="mutex"/> (which this thread holds) and waits for a signal; completes
    /// holding the mutex again.</summary>
    public Task WaitAsync(DomainMutex mutex)
    {
        ArgumentNullException.ThrowIfNull(mutex);
        return mutex.Handle.Home == Handle.Home
            ? Do(Home.CondWaitAsync(Handle.Id, mutex.Handle.Id), $"wait with mutex {mutex.Handle} on condition")
            : throw new SharpfishException(ErrorCode.WrongSyncObject, $"condition {Handle} and mutex {mutex.Handle} live on different dispatchers");
    }

    /// <summary>Wakes the longest waiter, if any.</summary>
    public Task SignalAsync() => Do(Home.CondSignalAsync(Handle.Id, all: false), "signal condition");

    /// <summary>Wakes every waiter.</summary>
    public Task BroadcastAsync() => Do(Home.CondSignalAsync(Handle.Id, all: true), "broadcast condition");
}
