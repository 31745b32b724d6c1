namespace Sharpfish.Transports.Broadcast;

/// <summary>
/// The memory of a broadcast channel: one writer, many readers, one message at a time (the single shared channel
/// of the paper's broadcast shootdown, §5.1). Every reader takes every message. The writer sends the next message
/// only once every reader has taken the last; the protocol above knows when (its acknowledgements), the channel
/// does not check.
/// </summary>
/// <param name="Writer">The core that owns the sending end.</param>
/// <param name="Readers">The cores that each own a receiving end.</param>
public abstract record BroadcastMemory(int Writer, IReadOnlyList<int> Readers);
