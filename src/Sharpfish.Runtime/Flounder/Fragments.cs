using System.Runtime.InteropServices;
using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>Moves message bytes into and out of 56-byte payloads.</summary>
internal static class Fragments
{
    /// <summary>The payload's bytes, in place.</summary>
    public static Span<byte> Bytes(ref Payload payload) => MemoryMarshal.AsBytes((Span<ulong>)payload);

    /// <summary>Sends fragments <paramref name="first"/>.. of <paramref name="message"/> until the channel is full;
    /// returns the index of the first fragment not sent (the fragment count when all went).</summary>
    public static int Send(IChannelSender sender, ushort type, uint token, ReadOnlySpan<byte> message, int first)
    {
        var count = FragmentHeader.FragmentCount(message.Length);
        for (var index = first; index < count; index++)
        {
            var payload = default(Payload);
            var offset = index * Payload.Bytes;
            message.Slice(offset, Math.Min(Payload.Bytes, message.Length - offset)).CopyTo(Bytes(ref payload));
            if (!sender.TrySend(FragmentHeader.Create(type, token, index), payload))
            {
                return index;
            }
        }

        return count;
    }
}
