using Sharpfish.Errors;
using Sharpfish.Transports;

namespace Sharpfish.Runtime.VirtualMemory.Shootdown;

/// <summary>
/// One core's part in a domain's TLB shootdowns (paper §5.1), polled by the dispatcher's waitset. The initiator
/// starts a round for a range of pages and the round completes once every core of the plan has acknowledged; an
/// aggregator forwards the round to its members and acknowledges once they all have; every core drops the range
/// from its own TLB before it forwards or acknowledges. So when a round completes, no core of the domain holds a
/// translation of the range that it had before the round began (the one-phase commit of §4.7). Rounds run one at
/// a time, in the order they were asked for. Owned by its core; it opens its channel ends on construction.
/// </summary>
public sealed class ShootdownNode : IEventSource, IShootdown
{
    private const ushort Invalidate = 1;

    private readonly IChannelReceiver? _fromParent;
    private readonly IChannelSender? _toParent;
    private readonly IChannelSender[] _toChildren;
    private readonly IChannelReceiver[] _fromChildren;
    private readonly Action<ulong, ulong> _invalidate;
    private readonly Queue<(ulong Va, ulong Pages, TaskCompletionSource Done)> _queued = new();
    private TaskCompletionSource? _current;
    private MessageHeader _round;
    private Payload _range;
    private int _waiting = -1; // acknowledgements still to come in the current round; -1 between rounds
    private uint _rounds;

    /// <summary>Opens this core's ends of <paramref name="wiring"/> (call on core <paramref name="core"/>);
    /// <paramref name="invalidate"/> drops (first address, pages) from this core's TLB.</summary>
    public ShootdownNode(Transport transport, int core, ShootdownWiring wiring, Action<ulong, ulong> invalidate)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(wiring);
        _invalidate = invalidate;
        _fromParent = wiring.FromParent is { } down ? transport.OpenReceiver(down)
            : wiring.FromBroadcast is { } shared ? transport.OpenBroadcastReceiver(shared, core)
            : null;
        _toParent = wiring.ToParent is { } up ? transport.OpenSender(up) : null;
        _toChildren = wiring.ToBroadcast is { } all ? [transport.OpenBroadcastSender(all)] : [.. wiring.ToChildren.Select(transport.OpenSender)];
        _fromChildren = [.. wiring.FromChildren.Select(transport.OpenReceiver)];
    }

    /// <summary>True on the core that starts rounds.</summary>
    public bool IsInitiator => _fromParent is null;

    /// <summary>True while a round is in flight at this core (sent on, acknowledgements outstanding).</summary>
    public bool Busy => _waiting >= 0 || _queued.Count > 0;

    /// <summary>Rounds this core has taken part in.</summary>
    public long Rounds => _rounds;

    /// <summary>Runs a round for <paramref name="pages"/> pages from <paramref name="va"/> (initiator only); this
    /// core's TLB is invalidated at once, the task completes when every other core has acknowledged.</summary>
    public Task RunAsync(ulong va, ulong pages)
    {
        if (!IsInitiator)
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, "only the initiating core starts a shootdown");
        }

        _invalidate(va, pages);
        var done = new TaskCompletionSource();
        _queued.Enqueue((va, pages, done));
        if (_waiting < 0)
        {
            StartNext();
        }

        return done.Task;
    }

    /// <inheritdoc/>
    public bool Poll()
    {
        var worked = false;
        if (_waiting < 0 && _fromParent is not null && _fromParent.TryReceive(out _round, out _range))
        {
            worked = true;
            _invalidate(_range[0], _range[1]);
            Send();
        }

        while (_waiting > 0 && TakeAcknowledgement())
        {
            worked = true;
            _waiting--;
        }

        if (_waiting == 0)
        {
            worked = true;
            EndRound();
        }

        return worked;
    }

    private void StartNext()
    {
        var (va, pages, done) = _queued.Dequeue();
        _current = done;
        _round = new MessageHeader(Invalidate, _rounds);
        _range = default;
        _range[0] = va;
        _range[1] = pages;
        Send();
        if (_waiting == 0)
        {
            EndRound(); // a domain on one core: nobody else to tell
        }
    }

    /// <summary>Sends the round to every child (one message on a broadcast) and waits for each one's acknowledgement.</summary>
    private void Send()
    {
        foreach (var child in _toChildren)
        {
            if (!child.TrySend(_round, _range))
            {
                throw new SharpfishException(ErrorCode.ProtocolViolation, "a shootdown ring holds one round at a time, yet it was full");
            }
        }

        _waiting = _fromChildren.Length;
    }

    private bool TakeAcknowledgement()
    {
        foreach (var child in _fromChildren)
        {
            if (child.TryReceive(out _, out _))
            {
                return true;
            }
        }

        return false;
    }

    private void EndRound()
    {
        _waiting = -1;
        _rounds++;
        if (_toParent is not null)
        {
            if (!_toParent.TrySend(_round, default))
            {
                throw new SharpfishException(ErrorCode.ProtocolViolation, "a shootdown acknowledgement ring was full");
            }

            return;
        }

        var done = _current!;
        _current = null;
        if (_queued.Count > 0)
        {
            StartNext();
        }

        done.SetResult();
    }
}
