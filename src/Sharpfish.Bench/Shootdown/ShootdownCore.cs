using Sharpfish.Platform;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// One core's part in the message rounds of a shootdown protocol, as its whole kernel (no invalidation: the
/// paper's Figure 6 measures the rounds alone). The initiator (core 0) starts a round, sends to its first hops and
/// times the round until every acknowledgement is back; an aggregator forwards to its members and acknowledges
/// once all of them have; a leaf acknowledges at once. A last round of type <see cref="Stop"/> halts every core.
/// </summary>
internal sealed class ShootdownCore : ICoreKernel
{
    public const ushort Invalidate = 1;
    public const ushort Stop = 2;

    private readonly Core _core;
    private readonly IChannelReceiver? _fromParent;
    private readonly IChannelSender? _toParent;
    private readonly IChannelSender[] _toChildren;
    private readonly IChannelReceiver[] _fromChildren;
    private readonly long[] _samples;
    private MessageHeader _round;
    private int _waiting = -1; // acknowledgements still to come in the current round; -1 between rounds
    private int _rounds;
    private long _start;

    /// <summary>Opens this core's ends of its channels (on this core) and, on the initiator, runs
    /// <paramref name="rounds"/> timed rounds.</summary>
    public ShootdownCore(Core core, Transport transport, ShootdownWiring wiring, int rounds)
    {
        _core = core;
        _fromParent = wiring.FromParent is { } down ? transport.OpenReceiver(down)
            : wiring.FromBroadcast is { } shared ? transport.OpenBroadcastReceiver(shared, core.Id)
            : null;
        _toParent = wiring.ToParent is { } up ? transport.OpenSender(up) : null;
        _toChildren = wiring.ToBroadcast is { } all
            ? [transport.OpenBroadcastSender(all)]
            : [.. wiring.ToChildren.Select(transport.OpenSender)];
        _fromChildren = [.. wiring.FromChildren.Select(transport.OpenReceiver)];
        _samples = new long[_fromParent is null ? rounds : 0];
    }

    /// <summary>The initiator's timed rounds, in cycles.</summary>
    public IReadOnlyList<long> Samples => _samples;

    public bool Halted { get; private set; }

    public long NextDeadlineNs => long.MaxValue;

    public bool Poll()
    {
        var worked = false;
        if (_waiting < 0)
        {
            worked = _fromParent is null ? StartRound() : Forward();
        }

        while (_waiting > 0 && TakeAcknowledgement())
        {
            worked = true;
            _waiting--;
        }

        if (_waiting == 0)
        {
            worked = true;
            _waiting = -1;
            EndRound();
        }

        return worked;
    }

    private bool StartRound()
    {
        _round = new MessageHeader(_rounds < _samples.Length ? Invalidate : Stop, (uint)_rounds);
        _start = _core.NowCycles;
        Send();
        return true;
    }

    private bool Forward()
    {
        if (!_fromParent!.TryReceive(out _round, out _))
        {
            return false;
        }

        Send();
        return true;
    }

    /// <summary>Sends the round to every child (one message on a broadcast); waits for each child's
    /// acknowledgement (every reader of a broadcast acknowledges on its own channel).</summary>
    private void Send()
    {
        foreach (var child in _toChildren)
        {
            while (!child.TrySend(_round, default))
            {
                // a child's ring holds at most the one round in flight: never full
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
        if (_toParent is not null)
        {
            _toParent.TrySend(_round, default);
        }
        else if (_round.Type == Invalidate)
        {
            _samples[_rounds] = _core.NowCycles - _start;
        }

        _rounds++;
        Halted = _round.Type == Stop;
    }
}
