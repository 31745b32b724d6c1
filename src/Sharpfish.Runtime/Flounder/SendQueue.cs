using System.Buffers;
using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// Messages a binding could not send whole because the channel was full, in order. Invariant: while the queue is
/// not empty no message goes to the channel except from its head, so a multi-fragment message is never
/// interleaved with another and messages leave in the order they were sent. A message whose capabilities are still
/// on their way to the receiver waits at its gate, and everything behind it waits too; when the gate fails the
/// message is dropped and <c>failed</c> hears of it. Queued bytes live in arrays rented from
/// <see cref="ArrayPool{T}.Shared"/> and go back when the message has left.
/// </summary>
internal sealed class SendQueue(Action<ushort, uint, Exception> failed)
{
    private readonly Queue<Entry> _entries = new();
    private int _headNextFragment;

    public bool IsEmpty => _entries.Count == 0;

    public int Count => _entries.Count;

    /// <summary>Queues <paramref name="message"/> (<paramref name="token"/> is its first fragment's whole Aux), whose
    /// fragments before <paramref name="nextFragment"/> have already been sent; <paramref name="completion"/>, if any, completes when its last fragment is sent. A message
    /// with a <paramref name="gate"/> goes only once the gate completed.</summary>
    public void Enqueue(ushort type, uint token, ReadOnlySpan<byte> message, int nextFragment, PooledCompletion<RpcVoid>? completion, Task? gate = null)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(bytes);
        if (_entries.Count == 0)
        {
            _headNextFragment = nextFragment;
        }

        _entries.Enqueue(new Entry(type, token, bytes, message.Length, nextFragment, completion, gate));
    }

    /// <summary>Sends from the head of the queue until it is empty or the channel is full. True if anything was sent.</summary>
    public bool Pump(IChannelSender sender)
    {
        var progress = false;
        while (_entries.Count > 0)
        {
            var head = _entries.Peek();
            if (head.Gate is { IsCompleted: false })
            {
                return progress;
            }

            if (head.Gate is { IsCompletedSuccessfully: false } gate)
            {
                var error = gate.Exception?.InnerException ?? new OperationCanceledException("the message's capabilities did not go");
                Drop();
                head.Completion?.Fail(error);
                failed(head.Type, head.Token, error);
                progress = true;
                continue;
            }

            var next = Fragments.Send(sender, head.Type, head.Token, head.Bytes.AsSpan(0, head.Length), _headNextFragment);
            progress |= next > _headNextFragment;
            _headNextFragment = next;
            if (next < FragmentHeader.FragmentCount(head.Length))
            {
                return progress;
            }

            Drop();
            head.Completion?.SetResult(default);
        }

        return progress;
    }

    private void Drop()
    {
        var head = _entries.Dequeue();
        ArrayPool<byte>.Shared.Return(head.Bytes);
        if (_entries.Count > 0)
        {
            _headNextFragment = _entries.Peek().NextFragment;
        }
    }

    /// <summary>Drops every queued message (the binding closed); their senders' tasks fail with <paramref name="error"/>.</summary>
    public void Clear(Exception error)
    {
        while (_entries.TryDequeue(out var entry))
        {
            ArrayPool<byte>.Shared.Return(entry.Bytes);
            entry.Completion?.Fail(error);
        }
    }

    private readonly record struct Entry(ushort Type, uint Token, byte[] Bytes, int Length, int NextFragment, PooledCompletion<RpcVoid>? Completion, Task? Gate);
}
