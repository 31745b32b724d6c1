using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Transports;

namespace Sharpfish.Kernel.Lmp;

/// <summary>The sending end of a same-core channel: each send is an invocation of the CPU driver, which copies the
/// message into the target endpoint.</summary>
public sealed class LmpSender : IChannelSender
{
    private readonly CpuDriver _cpu;
    private readonly LmpEndpoint _target;

    internal LmpSender(CpuDriver cpu, LmpEndpoint target)
    {
        _cpu = cpu;
        _target = target;
    }

    /// <inheritdoc/>
    public bool HasSpace => _target.HasSpace;

    /// <inheritdoc/>
    public bool TrySend(MessageHeader header, in Payload payload) => _cpu.LmpSend(_target, header, payload);

    /// <summary>The CPU driver's half of sending capabilities with a message: copies, or moves where give-away, each
    /// from the sender's CSpace <paramref name="from"/> into a free receive slot of the receiver's, all or none, and
    /// queues them in the endpoint's inbox as the message's group. Call just before the message's first fragment.</summary>
    public ErrorCode SendCapabilities(CSpace from, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        if (_target.Inbox is not { } inbox)
        {
            return ErrorCode.NoCapReceiver;
        }

        var received = new CapRef[caps.Count];
        var err = _cpu.Caps.Give(from, caps, inbox.CSpace, received);
        if (err == ErrorCode.Ok)
        {
            inbox.Add(received);
        }

        return err;
    }
}
