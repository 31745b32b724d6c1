using Sharpfish.Platform.Simulated;

namespace Sharpfish.Transports.Simulated;

/// <summary>
/// The simulated memory of one channel: messages in flight with the virtual time at which each becomes visible to
/// the receiver, and the times at which the receiver freed slots (visible to the sender one latency later).
/// Touched only by the simulator's thread, by the two cores' ends.
/// </summary>
public sealed record SimulatedLink(int SenderCore, int ReceiverCore, int Slots, SimulatedPlatform Platform)
    : ChannelMemory(SenderCore, ReceiverCore, Slots)
{
    /// <summary>Cycles the sender spends writing a message into its line.</summary>
    public const long SendCycles = 20;

    /// <summary>Cycles the receiver spends copying a message out of its line.</summary>
    public const long ReceiveCycles = 20;

    /// <summary>The link's number in the simulator (its "physical address").</summary>
    public ulong Id { get; internal set; }

    internal Queue<(long At, MessageHeader Header, Payload Payload)> InFlight { get; } = new();

    /// <summary>When the oldest message in flight becomes visible (<see cref="long.MaxValue"/> when none is): polling
    /// an empty link reads this one field.</summary>
    internal long NextArrival { get; set; } = long.MaxValue;

    internal Queue<long> Freed { get; } = new();

    /// <summary>Slots the sender believes are in use (it learns of frees one latency late).</summary>
    internal int SenderUsed { get; set; }

    /// <summary>Set when a send failed for want of space: the next free wakes the sender.</summary>
    internal bool SenderWaiting { get; set; }
}
