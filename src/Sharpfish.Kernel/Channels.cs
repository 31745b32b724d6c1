using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Kernel.Lmp;
using Sharpfish.Transports;

namespace Sharpfish.Kernel;

/// <summary>
/// The channels of one core, named by <see cref="ChannelHandle"/>s that messages can carry: a channel whose ends are
/// both on this core is an LMP endpoint of this CPU driver; any other goes through the platform's transport (URPC or
/// a simulated link). Owned by the core's CPU driver.
/// </summary>
public sealed class Channels
{
    private const ulong LmpTag = 1UL << 63;

    private readonly CpuDriver _cpu;
    private readonly Dictionary<ulong, LmpEndpoint> _lmp = [];
    private readonly Dictionary<ChannelHandle, CapInbox> _inboxes = [];
    private ulong _nextLmp;

    internal Channels(CpuDriver cpu) => _cpu = cpu;

    /// <summary>LMP endpoints this core holds.</summary>
    public int LmpEndpoints => _lmp.Count;

    /// <summary>Makes a one-way channel from <paramref name="sender"/> to <paramref name="receiver"/>: LMP when both
    /// are this core, the transport otherwise.</summary>
    public ChannelHandle Create(int sender, int receiver, int slots = Transport.DefaultSlots)
    {
        var me = _cpu.Core.Id;
        if (sender == me && receiver == me)
        {
            var endpoint = _cpu.CreateLmpChannel(slots).Endpoint;
            var id = ++_nextLmp;
            _lmp[id] = endpoint;
            return new ChannelHandle(id, (ulong)me, LmpTag);
        }

        return _cpu.Transport.Export(_cpu.Transport.Create(sender, receiver, slots));
    }

    /// <summary>Opens the sending end of the channel <paramref name="handle"/> names; call on the sender's core.</summary>
    /// <exception cref="SharpfishException">The handle names no channel this core can send on.</exception>
    public IChannelSender OpenSender(ChannelHandle handle) =>
        IsLmp(handle) ? _cpu.LmpSenderFor(Lmp(handle)) : _cpu.Transport.OpenSender(Checked(handle, sender: true));

    /// <summary>Opens the receiving end of the channel <paramref name="handle"/> names; call on the receiver's core.</summary>
    /// <exception cref="SharpfishException">The handle names no channel this core can receive on.</exception>
    public IChannelReceiver OpenReceiver(ChannelHandle handle) =>
        IsLmp(handle) ? Lmp(handle) : _cpu.Transport.OpenReceiver(Checked(handle, sender: false));

    /// <summary>The core that receives on the channel <paramref name="handle"/> names.</summary>
    public int ReceiverCore(ChannelHandle handle) => IsLmp(handle) ? _cpu.Core.Id : _cpu.Transport.Import(handle).ReceiverCore;

    /// <summary>Lets capabilities come with the messages on the channel <paramref name="handle"/> names, which this
    /// core receives on: they go to free receive slots of <paramref name="cspace"/> and wait in the inbox.</summary>
    public CapInbox OpenInbox(ChannelHandle handle, CSpace cspace)
    {
        var inbox = new CapInbox(cspace);
        _inboxes[handle] = inbox;
        if (IsLmp(handle))
        {
            Lmp(handle).Inbox = inbox;
        }

        return inbox;
    }

    /// <summary>The receiver of the channel is gone: capabilities no longer come with its messages.</summary>
    public void CloseInbox(ChannelHandle handle)
    {
        _inboxes.Remove(handle);
        if (IsLmp(handle) && _lmp.TryGetValue(handle.Word0, out var endpoint))
        {
            endpoint.Inbox = null;
        }
    }

    /// <summary>The inbox of a channel this core receives on, or null.</summary>
    internal CapInbox? Inbox(ChannelHandle handle) => _inboxes.GetValueOrDefault(handle);

    /// <summary>Frees a channel once neither end is used any more.</summary>
    public void Free(ChannelHandle handle)
    {
        if (IsLmp(handle))
        {
            _lmp.Remove(handle.Word0);
        }
        else
        {
            _cpu.Transport.Free(_cpu.Transport.Import(handle));
        }
    }

    private static bool IsLmp(ChannelHandle handle) => (handle.Word2 & LmpTag) != 0;

    private LmpEndpoint Lmp(ChannelHandle handle) =>
        handle.Word1 == (ulong)_cpu.Core.Id && handle.Word2 == LmpTag && _lmp.TryGetValue(handle.Word0, out var endpoint)
            ? endpoint
            : throw new SharpfishException(ErrorCode.MalformedMessage, $"LMP handle {handle} names no endpoint of core {_cpu.Core.Id}");

    private ChannelMemory Checked(ChannelHandle handle, bool sender)
    {
        var memory = _cpu.Transport.Import(handle);
        var owner = sender ? memory.SenderCore : memory.ReceiverCore;
        return owner == _cpu.Core.Id
            ? memory
            : throw new SharpfishException(ErrorCode.WrongCore, $"core {_cpu.Core.Id} cannot open the {(sender ? "sending" : "receiving")} end of a channel of core {owner}");
    }
}
