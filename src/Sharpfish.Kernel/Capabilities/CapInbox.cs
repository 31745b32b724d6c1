namespace Sharpfish.Capabilities;

/// <summary>
/// The capabilities that arrived on one channel for the domain at its receiving end, in the order they came. Each
/// already lies in a receive slot of that domain's CSpace (put there by the CPU driver for LMP, by the monitor from
/// another core); the receiving stubs take them in message order. A message is sent only once its capabilities are
/// here, so a message never arrives before them. Owned by the receiver's core.
/// </summary>
public sealed class CapInbox
{
    private readonly Queue<CapRef> _arrived = new();

    internal CapInbox(CSpace cspace) => CSpace = cspace;

    /// <summary>Capabilities that arrived and were not taken yet.</summary>
    public int Count => _arrived.Count;

    /// <summary>The receiving domain's CSpace on this core.</summary>
    internal CSpace CSpace { get; }

    /// <summary>Takes the next capability that arrived (where it lies in the receiver's CSpace).</summary>
    public bool TryTake(out CapRef capability) => _arrived.TryDequeue(out capability);

    internal void Add(CapRef capability) => _arrived.Enqueue(capability);
}
