using Sharpfish.Errors;
using Sharpfish.Transports.Broadcast;
using Sharpfish.Platform.Simulated;
using Sharpfish.Transports.Simulated;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Transports;

/// <summary>
/// How messages move between two cores on one platform: URPC rings in shared memory when hosted, simulated links
/// when simulated. Everything above asks this for channels and never learns which it got (rule 2).
/// </summary>
public abstract class Transport
{
    /// <summary>Slots per channel unless asked otherwise (Barrelfish's default: half a page of 64-byte lines).</summary>
    public const int DefaultSlots = 32;

    /// <summary>The transport for <paramref name="platform"/>.</summary>
    public static Transport For(Platform.Platform platform) => platform switch
    {
        SimulatedPlatform simulated => new SimulatedLinkTransport(simulated),
        _ => new UrpcTransport(platform),
    };

    /// <summary>Makes a one-way channel from <paramref name="sender"/> to <paramref name="receiver"/> with
    /// <paramref name="slots"/> slots (a power of two, 2..65536), its memory local to the receiver.</summary>
    public ChannelMemory Create(int sender, int receiver, int slots = DefaultSlots)
    {
        if (slots < 2 || slots > 1 << 16 || (slots & (slots - 1)) != 0)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"a channel needs a power of two between 2 and 65536 slots, not {slots}");
        }

        return CreateChannel(sender, receiver, slots);
    }

    /// <summary>Makes a broadcast channel from <paramref name="writer"/> to every core of <paramref name="readers"/>.</summary>
    public BroadcastMemory CreateBroadcast(int writer, IReadOnlyList<int> readers)
    {
        ArgumentNullException.ThrowIfNull(readers);
        if (readers.Count == 0 || readers.Contains(writer) || readers.Distinct().Count() != readers.Count)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"a broadcast from core {writer} needs distinct readers other than itself, not [{string.Join(", ", readers)}]");
        }

        return CreateBroadcastChannel(writer, readers);
    }

    /// <summary>Opens the writer's end of a broadcast channel; call on the writer core.</summary>
    public abstract IChannelSender OpenBroadcastSender(BroadcastMemory memory);

    /// <summary>Opens reader <paramref name="reader"/>'s end of a broadcast channel; call on that core.</summary>
    public abstract IChannelReceiver OpenBroadcastReceiver(BroadcastMemory memory, int reader);

    /// <summary>Frees a broadcast channel's memory once no end is used any more.</summary>
    public abstract void Free(BroadcastMemory memory);

    /// <summary>Names <paramref name="memory"/> in three words for a message.</summary>
    public abstract ChannelHandle Export(ChannelMemory memory);

    /// <summary>The channel memory a handle from <see cref="Export"/> names.</summary>
    /// <exception cref="SharpfishException">The handle names no channel of this machine (MalformedMessage).</exception>
    public abstract ChannelMemory Import(ChannelHandle handle);

    /// <summary>Opens the sending end; call on the sender core.</summary>
    public abstract IChannelSender OpenSender(ChannelMemory memory);

    /// <summary>Opens the receiving end; call on the receiver core.</summary>
    public abstract IChannelReceiver OpenReceiver(ChannelMemory memory);

    /// <summary>Frees the channel's memory once neither end is used any more.</summary>
    public abstract void Free(ChannelMemory memory);

    /// <summary>Makes the channel; the arguments are checked.</summary>
    protected abstract ChannelMemory CreateChannel(int sender, int receiver, int slots);

    /// <summary>Makes the broadcast channel; the arguments are checked.</summary>
    protected abstract BroadcastMemory CreateBroadcastChannel(int writer, IReadOnlyList<int> readers);

    /// <summary>The index of <paramref name="reader"/> among a broadcast's readers.</summary>
    protected static int ReaderIndex(BroadcastMemory memory, int reader)
    {
        ArgumentNullException.ThrowIfNull(memory);
        for (var index = 0; index < memory.Readers.Count; index++)
        {
            if (memory.Readers[index] == reader)
            {
                return index;
            }
        }

        throw new SharpfishException(ErrorCode.BadArgument, $"core {reader} does not read this broadcast");
    }
}
