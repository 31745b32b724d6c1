using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>
/// This monitor's links to other monitors: an intermon binding per peer. A core gets a link to the core that booted
/// it at boot; any other link is brokered by the BSP on first use: the monitor asks the BSP, which makes the two
/// channels and grants their ends to both sides (Barrelfish's bind_monitor_proxy). So a machine of thousands of
/// cores does not hold a million idle channels, only those its protocols use.
/// </summary>
internal sealed class LinkTable(Monitor monitor)
{
    private readonly Dictionary<int, IntermonBinding> _links = [];
    private readonly Dictionary<int, TaskCompletionSource<IntermonBinding>> _pending = [];
    private readonly HashSet<(int, int)> _granted = [];

    /// <summary>Links held, by peer core.</summary>
    public IReadOnlyDictionary<int, IntermonBinding> All => _links;

    /// <summary>Opens this side of a link over two channels and starts polling it.</summary>
    public IntermonBinding Open(int peer, ChannelHandle toPeer, ChannelHandle fromPeer)
    {
        var channels = monitor.Cpu.Channels;
        var link = new IntermonBinding(channels.OpenSender(toPeer), channels.OpenReceiver(fromPeer), new IntermonPeer(monitor, peer));
        link.Error += (_, e) => monitor.Platform.Console.WriteLine($"monitor {monitor.CoreId}: from core {peer}: {e.Error.Message}");
        _links[peer] = link;
        monitor.Dispatcher.Waitset.Add(link);
        if (_pending.Remove(peer, out var waiting))
        {
            waiting.SetResult(link);
        }

        return link;
    }

    /// <summary>Forgets the link to a core that never came up.</summary>
    public void Remove(int peer)
    {
        if (_links.Remove(peer, out var link))
        {
            monitor.Dispatcher.Waitset.Remove(link);
        }
    }

    /// <summary>The link to <paramref name="peer"/>, asking the BSP for one if there is none yet.</summary>
    /// <exception cref="SharpfishException">The peer is this core or does not exist.</exception>
    public Task<IntermonBinding> GetAsync(int peer)
    {
        if (_links.TryGetValue(peer, out var link))
        {
            return Task.FromResult(link);
        }

        if (peer == monitor.CoreId || peer < 0 || peer >= monitor.Platform.Topology.CoreCount)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"core {monitor.CoreId} has no link to core {peer}");
        }

        if (!_pending.TryGetValue(peer, out var waiting))
        {
            waiting = new TaskCompletionSource<IntermonBinding>();
            _pending[peer] = waiting;
            if (monitor.CoreId == 0)
            {
                Request(0, peer);
            }
            else
            {
                _links[0].SendLinkRequestAsync((uint)peer).Forget(monitor.Dispatcher.Fault);
            }
        }

        return waiting.Task;
    }

    /// <summary>The BSP's broker: makes a link between <paramref name="requester"/> and <paramref name="peer"/> once,
    /// however many times either asks.</summary>
    public void Request(int requester, int peer)
    {
        if (monitor.CoreId != 0 || !_granted.Add((Math.Min(requester, peer), Math.Max(requester, peer))))
        {
            return;
        }

        var channels = monitor.Cpu.Channels;
        var toPeer = channels.Create(requester, peer);
        var toRequester = channels.Create(peer, requester);
        Grant(requester, peer, toPeer, toRequester);
        Grant(peer, requester, toRequester, toPeer);
    }

    /// <summary>The BSP granted this core a link.</summary>
    public void Granted(int peer, ChannelHandle toPeer, ChannelHandle fromPeer)
    {
        if (!_links.ContainsKey(peer))
        {
            Open(peer, toPeer, fromPeer);
        }
    }

    private void Grant(int to, int peer, ChannelHandle toPeer, ChannelHandle fromPeer)
    {
        if (to == monitor.CoreId)
        {
            Granted(peer, toPeer, fromPeer);
        }
        else
        {
            _links[to].SendLinkGrantAsync((uint)peer, toPeer.ForIntermon(), fromPeer.ForIntermon()).Forget(monitor.Dispatcher.Fault);
        }
    }
}
