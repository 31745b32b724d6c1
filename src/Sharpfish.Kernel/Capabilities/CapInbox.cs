namespace Sharpfish.Capabilities;

/// <summary>
/// The capabilities that arrived on one channel for the domain at its receiving end, one group per message, in the
/// order they came. Each already lies in a receive slot of that domain's CSpace (put there by the CPU driver for LMP,
/// by the monitor from another core). A message is sent only once its group is here, and says that it carries one,
/// so the receiver pairs each message with its own group: it opens the next group for a message that says so, and
/// takes only from the open group. Invariant: <see cref="Count"/> is the sum of the waiting groups' sizes plus what
/// is left of the open group. Owned by the receiver's core.
/// </summary>
public sealed class CapInbox
{
    private readonly Queue<CapRef> _arrived = new();
    private readonly Queue<int> _groups = new();
    private int _open;

    internal CapInbox(CSpace cspace) => CSpace = cspace;

    /// <summary>Capabilities that arrived and were not taken yet (those of the open group included).</summary>
    public int Count => _arrived.Count;

    /// <summary>Groups that arrived for messages not received yet.</summary>
    public int Groups => _groups.Count;

    /// <summary>The receiving domain's CSpace on this core.</summary>
    internal CSpace CSpace { get; }

    /// <summary>Opens the next group, for the message that arrived with it; false (and nothing open) when none
    /// waits. Whatever the group opened before has left must have been taken.</summary>
    public bool Open()
    {
        if (_open != 0)
        {
            throw new InvalidOperationException($"the capability group opened before still holds {_open} capabilities");
        }

        return _groups.TryDequeue(out _open);
    }

    /// <summary>Takes the next capability of the open group (where it lies in the receiver's CSpace); false when
    /// the open group has no more.</summary>
    public bool TryTake(out CapRef capability)
    {
        if (_open == 0)
        {
            capability = CapRef.Null;
            return false;
        }

        _open--;
        return _arrived.TryDequeue(out capability);
    }

    /// <summary>Queues the capabilities of one message, as one group.</summary>
    internal void Add(ReadOnlySpan<CapRef> group)
    {
        foreach (var capability in group)
        {
            _arrived.Enqueue(capability);
        }

        _groups.Enqueue(group.Length);
    }
}
