using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>A barrier for a fixed number of a domain's threads on any of its cores; reusable round after round.</summary>
public sealed class DomainBarrier : SyncObject
{
    internal DomainBarrier(SyncHandle handle, IThreadsHandler home)
        : base(handle, home)
    {
    }

    /// <summary>Completes once every party of this round has arrived.</summary>
    public Task WaitAsync() => Do(Home.BarrierWaitAsync(Handle.Id), "wait at barrier");
}
