using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Simulated;

/// <summary>
/// A virtual core: its own virtual clock in cycles, its kernel, and the times at which messages sent to it become
/// visible. Stepped only by the simulator's single thread.
/// </summary>
internal sealed class SimCore : Core
{
    private readonly PriorityQueue<long, long> _arrivals = new();

    public SimCore(SimulatedPlatform sim, CoreInfo info, CoreEntry entry, long startAt, long wakeUpCycles)
        : base(sim, info)
    {
        Policy = new PollPolicy(wakeUpCycles, min: wakeUpCycles / 8, max: wakeUpCycles * 64);
        Entry = entry;
        Now = startAt;
        Doorbell = new SimDoorbell(sim, this);
    }

    public CoreEntry Entry { get; }

    public ICoreKernel? Kernel { get; set; }

    /// <summary>Virtual time of this core, in cycles.</summary>
    public long Now { get; set; }

    /// <summary>The core's poll-then-block rule, in cycles.</summary>
    public PollPolicy Policy { get; }

    /// <summary>Whether the core's next wake-up ends a period in which it blocked (not just polled).</summary>
    public bool WakesFromBlock { get; set; }

    /// <summary>When the core went idle, or -1 while it has work.</summary>
    public long IdleSince { get; set; } = -1;

    /// <summary>The time this core is queued to run at, or <see cref="long.MaxValue"/> when it waits for an event.</summary>
    public long ScheduledAt { get; set; } = long.MaxValue;

    /// <summary>Bumped whenever the core is re-queued, so stale queue entries can be told apart.</summary>
    public long Version { get; set; }

    public bool Halted { get; set; }

    public override long NowNs => (long)(Now / Platform.Topology.ClockGHz);

    public override long NowCycles => Now;

    public override Doorbell Doorbell { get; }

    public override void Charge(long cycles) => Now += cycles;

    /// <summary>Records that something becomes visible to this core at <paramref name="at"/>.</summary>
    public void AddArrival(long at) => _arrivals.Enqueue(at, at);

    /// <summary>The first arrival after <paramref name="now"/> (earlier ones were seen by the last poll).</summary>
    public long NextArrivalAfter(long now)
    {
        while (_arrivals.TryPeek(out var at, out _) && at <= now)
        {
            _arrivals.Dequeue();
        }

        return _arrivals.TryPeek(out var next, out _) ? next : long.MaxValue;
    }

    /// <summary>Converts platform nanoseconds to this machine's cycles.</summary>
    public long ToCycles(long ns) => ns == long.MaxValue ? long.MaxValue : (long)Math.Ceiling(ns * Platform.Topology.ClockGHz);

    private sealed class SimDoorbell(SimulatedPlatform sim, SimCore core) : Doorbell
    {
        public override bool IsSleeping => core.IdleSince >= 0;

        public override void Ring() => sim.Ring(core);
    }
}
