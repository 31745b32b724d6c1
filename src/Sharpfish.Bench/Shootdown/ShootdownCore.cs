using Sharpfish.Platform;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// One core's part in the message rounds of a shootdown protocol, as its whole kernel: the runtime's
/// <see cref="ShootdownNode"/> polled straight from the core's loop, with no dispatcher and nothing to invalidate
/// (the paper's Figure 6 measures the rounds alone). The initiator (core 0) times each round from its start until
/// every acknowledgement is back; a last round of zero pages halts every core.
/// </summary>
internal sealed class ShootdownCore : ICoreKernel
{
    private readonly Core _core;
    private readonly ShootdownNode _node;
    private readonly long[] _samples;
    private Task? _round;
    private int _rounds;
    private long _start;
    private bool _stopping;

    /// <summary>Opens this core's ends of its channels (on this core) and, on the initiator, runs
    /// <paramref name="rounds"/> timed rounds.</summary>
    public ShootdownCore(Core core, Transport transport, ShootdownWiring wiring, int rounds)
    {
        _core = core;
        _node = new ShootdownNode(transport, core.Id, wiring, (_, pages) => _stopping |= pages == 0);
        _samples = new long[_node.IsInitiator ? rounds : 0];
    }

    /// <summary>The initiator's timed rounds, in cycles.</summary>
    public IReadOnlyList<long> Samples => _samples;

    public bool Halted { get; private set; }

    public long NextDeadlineNs => long.MaxValue;

    public bool Poll()
    {
        var worked = _node.Poll();
        if (!_node.IsInitiator)
        {
            Halted = _stopping && !_node.Busy;
            return worked;
        }

        if (_round is null)
        {
            _start = _core.NowCycles;
            _round = _node.RunAsync(1, _rounds < _samples.Length ? 1UL : 0UL);
            return true;
        }

        if (!_round.IsCompleted)
        {
            return worked;
        }

        if (_stopping)
        {
            Halted = true;
        }
        else
        {
            _samples[_rounds++] = _core.NowCycles - _start;
        }

        _round = null;
        return true;
    }
}
