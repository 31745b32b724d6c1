using System.Threading.Tasks.Sources;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// A reusable source for a <see cref="ValueTask{TResult}"/>: what a queued send or an outstanding RPC call hands
/// its caller, so that neither allocates once the pool is warm. Completes at most once per use; returns itself to
/// its pool when the caller reads the result (a ValueTask must be awaited exactly once). Continuations run inline,
/// in whatever <see cref="FlounderBinding.Poll"/> completed it: on the binding's own core.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class PooledCompletion<T> : IValueTaskSource<T>, IValueTaskSource, IPendingCall
{
    private readonly CompletionPool<T> _pool;
    private ManualResetValueTaskSourceCore<T> _core;

    internal PooledCompletion(CompletionPool<T> pool) => _pool = pool;

    /// <summary>For an RPC call: the call's message type, checked against the response that completes it.</summary>
    internal ushort CallType { get; set; }

    ushort IPendingCall.CallType => CallType;

    internal ValueTask<T> Task => new(this, _core.Version);

    internal ValueTask VoidTask => new(this, _core.Version);

    internal void SetResult(T result) => _core.SetResult(result);

    void IPendingCall.Fail(Exception error) => _core.SetException(error);

    /// <inheritdoc/>
    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _pool.Return(this);
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
