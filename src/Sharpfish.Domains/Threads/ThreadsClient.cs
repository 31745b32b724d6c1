using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>The calling end of a <c>threads</c> binding: it makes calls to a home dispatcher and serves none.</summary>
internal sealed class ThreadsClient : IThreadsHandler
{
    public ValueTask<ErrorCode> LockAsync(uint mutex) => throw NotServed();

    public ValueTask<ErrorCode> UnlockAsync(uint mutex) => throw NotServed();

    public ValueTask<ErrorCode> CondWaitAsync(uint cond, uint mutex) => throw NotServed();

    public ValueTask<ErrorCode> CondSignalAsync(uint cond, bool all) => throw NotServed();

    public ValueTask<ErrorCode> SemWaitAsync(uint sem) => throw NotServed();

    public ValueTask<ErrorCode> SemPostAsync(uint sem) => throw NotServed();

    public ValueTask<ErrorCode> BarrierWaitAsync(uint barrier) => throw NotServed();

    private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "a home dispatcher called the client of its threads service");
}
