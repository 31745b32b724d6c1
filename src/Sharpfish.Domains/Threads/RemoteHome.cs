using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>A home dispatcher on another core, seen through a <c>threads</c> binding: each operation is an RPC.</summary>
internal sealed class RemoteHome(ThreadsBinding binding) : IThreadsHandler
{
    public ValueTask<ErrorCode> LockAsync(uint mutex) => binding.LockAsync(mutex);

    public ValueTask<ErrorCode> UnlockAsync(uint mutex) => binding.UnlockAsync(mutex);

    public ValueTask<ErrorCode> CondWaitAsync(uint cond, uint mutex) => binding.CondWaitAsync(cond, mutex);

    public ValueTask<ErrorCode> CondSignalAsync(uint cond, bool all) => binding.CondSignalAsync(cond, all);

    public ValueTask<ErrorCode> SemWaitAsync(uint sem) => binding.SemWaitAsync(sem);

    public ValueTask<ErrorCode> SemPostAsync(uint sem) => binding.SemPostAsync(sem);

    public ValueTask<ErrorCode> BarrierWaitAsync(uint barrier) => binding.BarrierWaitAsync(barrier);
}
