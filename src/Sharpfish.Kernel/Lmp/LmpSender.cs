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
}
