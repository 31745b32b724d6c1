namespace Sharpfish.Monitors;

/// <summary>
/// The answers a monitor waits for from other cores (a query's children in the multicast tree, a shootdown round's
/// members): each is folded into the result, which is done once the expected number came. Owned by its core.
/// </summary>
internal sealed class Answers<T>(int expected, T initial, Func<T, T, T> combine)
{
    private readonly TaskCompletionSource<T> _done = new();
    private int _count;
    private T _result = initial;

    /// <summary>The folded answers, once all came (at once when none is expected).</summary>
    public Task<T> Done => expected == 0 ? Task.FromResult(_result) : _done.Task;

    /// <summary>One more answer.</summary>
    public void Add(T answer)
    {
        _result = combine(_result, answer);
        if (++_count == expected)
        {
            _done.TrySetResult(_result);
        }
    }
}
