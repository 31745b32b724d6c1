namespace Sharpfish.Runtime.Flounder;

/// <summary>Free <see cref="PooledCompletion{T}"/>s of one binding. Owned by the binding's core; not thread-safe.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class CompletionPool<T>
{
    private readonly Stack<PooledCompletion<T>> _free = new();

    internal PooledCompletion<T> Rent() => _free.Count > 0 ? _free.Pop() : new PooledCompletion<T>(this);

    internal void Return(PooledCompletion<T> completion) => _free.Push(completion);
}
