using System.Threading;
using System.Threading.Tasks.Sources;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// A reusable source for a <see cref="ValueTask{TResult}"/>: what a queued send or an outstanding RPC call hands
/// its caller, so that neither allocates once the pool is warm. Completes at most once per use; returns itself to
/// its pool when the caller reads the result (a ValueTask must be awaited exactly once). Continuations run in
/// whatever <see cref="FlounderBinding.Poll"/> completed it, on the binding's own core: inline when that poll runs
/// under the awaiting thread's dispatcher (the usual case: the dispatcher's waitset polls its own bindings), else
/// posted to the awaiting thread's dispatcher.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class PooledCompletion<T> : IValueTaskSource<T>, IValueTaskSource, IPendingCall
{
    private readonly CompletionPool<T> _pool;
    private ManualResetValueTaskSourceCore<T> _core;
    private SynchronizationContext? _context;
    private Action<object?>? _continuation;
    private object? _state;

    internal PooledCompletion(CompletionPool<T> pool) => _pool = pool;

    /// <summary>For an RPC call: the call's message type, checked against the response that completes it.</summary>
    internal ushort CallType { get; set; }

    ushort IPendingCall.CallType => CallType;

    internal ValueTask<T> Task => new(this, _core.Version);

    internal ValueTask VoidTask => new(this, _core.Version);

    internal void SetResult(T result) => _core.SetResult(result);

    void IPendingCall.Fail(Exception error) => Fail(error);

    internal void Fail(Exception error) => _core.SetException(error);

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
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        var context = (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 ? SynchronizationContext.Current : null;
        if (context is null)
        {
            _core.OnCompleted(continuation, state, token, flags);
            return;
        }

        // Remember the dispatcher instead of letting the core post to it (which allocates on every completion).
        _context = context;
        _continuation = continuation;
        _state = state;
        _core.OnCompleted(static self => ((PooledCompletion<T>)self!).Resume(), this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
    }

    private void Resume()
    {
        var (context, continuation, state) = (_context!, _continuation!, _state);
        (_context, _continuation, _state) = (null, null, null); // the continuation may reuse this completion
        if (SynchronizationContext.Current == context)
        {
            continuation(state);
        }
        else
        {
            context.Post(continuation.Invoke, state);
        }
    }
}
