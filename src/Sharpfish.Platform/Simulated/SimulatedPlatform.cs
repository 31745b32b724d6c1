using System.Runtime.InteropServices;
using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Errors;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Memory;

namespace Sharpfish.Platform.Simulated;

/// <summary>
/// A deterministic machine in virtual time: any number of virtual cores stepped one at a time on the calling host
/// thread. The next core to run is the one with the earliest virtual time, ties broken by a generator seeded with
/// <see cref="Seed"/>; messages and doorbells take effect after the delays of the machine's
/// <see cref="LatencyModel"/>. The same seed gives the same run, bit for bit.
/// </summary>
public sealed class SimulatedPlatform : Platform
{
    /// <summary>Cycles one poll that found work costs at least, so that virtual time always moves on.</summary>
    public const long MinStepCycles = 10;

    private readonly Random _random;
    private readonly IReadOnlySet<int> _failingCores;
    private readonly SimCore?[] _cores;
    private readonly string?[] _startFailures;
    private readonly PriorityQueue<(SimCore Core, long Version), (long Time, long Tie)> _queue = new();
    private readonly RegionAllocator _memory;
    private readonly long[] _portFree;
    private readonly long[]?[] _latencyRows;
    private readonly List<object?> _hardware = [];
    private SimCore? _running;
    private Thread? _thread;

    /// <summary>Creates a simulated <paramref name="model"/>. Cores in <paramref name="failingCores"/> never start
    /// (fault injection for tests of the boot protocol).</summary>
    public SimulatedPlatform(MachineModel model, PlatformConsole console, long seed, IReadOnlySet<int>? failingCores = null)
        : base(model.Topology, console)
    {
        Model = model;
        Seed = seed;
        _random = new Random((int)(seed ^ (seed >> 32)));
        _failingCores = failingCores ?? new HashSet<int>();
        _cores = new SimCore?[model.Topology.CoreCount];
        _startFailures = new string?[model.Topology.CoreCount];
        _portFree = new long[model.Topology.CoreCount];
        _latencyRows = new long[]?[model.Topology.CoreCount];
        _memory = new RegionAllocator(AllocateNative, (address, _) => FreeNative(address));
    }

    /// <summary>The machine being simulated.</summary>
    public MachineModel Model { get; }

    /// <summary>The seed that decides every tie.</summary>
    public long Seed { get; }

    /// <summary>Core steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>A digest of the schedule so far (which core ran at which cycle, in order): equal digests mean
    /// the same interleaving.</summary>
    public ulong ScheduleDigest { get; private set; } = 14695981039346656037UL;

    /// <summary>The latest virtual time any core has reached, in cycles.</summary>
    public long MaxCycles => _cores.Max(c => c?.Now ?? 0);

    /// <inheritdoc/>
    public override string Kind => "simulated";

    /// <inheritdoc/>
    public override bool IsSimulated => true;

    /// <summary>Virtual time of the core being stepped (cycles), or of the latest core between steps.</summary>
    public long CurrentCycles => _running?.Now ?? MaxCycles;

    /// <inheritdoc/>
    public override void Run(CoreEntry bspEntry)
    {
        _thread = Thread.CurrentThread;
        StartCore(0, bspEntry);
        while (true)
        {
            if (PowerButtonPressed && _cores[0] is { Halted: false, ScheduledAt: long.MaxValue } bsp)
            {
                Schedule(bsp, bsp.Now);
            }

            if (!_queue.TryDequeue(out var entry, out var key))
            {
                if (_cores.All(c => c is null || c.Halted))
                {
                    return;
                }

                // Every live core waits. Console input is the only thing left that can wake one; virtual time
                // stands still while the user types.
                if (_cores[0] is { Halted: false } shell && Console.Input is not null && !Console.EndOfInput)
                {
                    _ = Console.PumpLine();
                    Schedule(shell, shell.Now);
                    continue;
                }

                var waiting = _cores.Where(c => c is { Halted: false }).Select(c => c!.Id).ToArray();
                throw new SharpfishException(ErrorCode.ProtocolViolation,
                    $"simulation stalled at cycle {MaxCycles} (seed {Seed}): cores {string.Join(",", waiting.Take(16))} wait for events that will never come");
            }

            if (entry.Version != entry.Core.Version)
            {
                continue; // superseded by a later schedule of the same core
            }

            Step(entry.Core, key.Time);
        }
    }

    /// <inheritdoc/>
    public override void StartCore(int core, CoreEntry entry)
    {
        if (core < 0 || core >= _cores.Length)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"core {core} does not exist");
        }

        if (_cores[core] is not null || _startFailures[core] is not null)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"core {core} was already started");
        }

        var startAt = (_running?.Now ?? 0) + Model.Latency.WakeUp;
        if (_failingCores.Contains(core))
        {
            _startFailures[core] = "it did not respond to the start-up IPI (injected fault)";
            return;
        }

        var sim = new SimCore(this, Topology.Cores[core], entry, startAt, Model.Latency.WakeUp);
        _cores[core] = sim;
        Schedule(sim, startAt);
    }

    /// <inheritdoc/>
    public override string? StartFailure(int core) => _startFailures[core];

    /// <inheritdoc/>
    public override CoreStatistics? StatisticsOf(int core) => _cores[core]?.Statistics;

    /// <inheritdoc/>
    public override Doorbell DoorbellOf(int core) =>
        _cores[core]?.Doorbell ?? throw new SharpfishException(ErrorCode.BadArgument, $"core {core} has not been started");

    /// <inheritdoc/>
    public override MemoryRegion AllocateMemory(int node, long bytes) => _memory.Allocate(node, bytes);

    /// <inheritdoc/>
    public override void FreeMemory(MemoryRegion region) => _memory.Free(region);

    /// <inheritdoc/>
    public override bool IsAllocated(MemoryRegion region) => _memory.IsLive(region);

    /// <summary>
    /// Moves one cache line from the running core to <paramref name="to"/>: the transfer leaves when the running
    /// core's port is free (each transfer keeps it busy for <see cref="LatencyModel.LineOccupancy"/>, so fan-out
    /// and streaming from one core queue up, the contention of the paper's Figure 6) and arrives after the one-way
    /// latency. Returns the arrival time, at which <paramref name="to"/> is woken if it idles.
    /// </summary>
    public long Transfer(int to)
    {
        var from = _running ?? throw new SharpfishException(ErrorCode.WrongCore, "a transfer must be made by a running core");
        var start = Math.Max(from.Now, _portFree[from.Id]);
        _portFree[from.Id] = start + Model.Latency.LineOccupancy;
        return Notify(to, start + LatencyCycles(from.Id, to));
    }

    /// <summary>Installs a piece of simulated hardware (a link's memory) and returns the number that names it, as a
    /// physical address names real memory.</summary>
    public ulong Install(object hardware)
    {
        _hardware.Add(hardware);
        return (ulong)_hardware.Count;
    }

    /// <summary>The hardware that <paramref name="id"/> names, or null when it names none (or it was removed).</summary>
    public object? Hardware(ulong id) => id >= 1 && id <= (ulong)_hardware.Count ? _hardware[(int)(id - 1)] : null;

    /// <summary>Removes the hardware <paramref name="id"/> names.</summary>
    public void Remove(ulong id)
    {
        if (Hardware(id) is not null)
        {
            _hardware[(int)(id - 1)] = null;
        }
    }

    /// <summary>Accounts <paramref name="cycles"/> of work to the running core.</summary>
    public void ChargeRunningCore(long cycles) =>
        (_running ?? throw new SharpfishException(ErrorCode.WrongCore, "only a running core can be charged")).Charge(cycles);

    /// <summary>Makes an event visible to <paramref name="core"/> at <paramref name="at"/> and wakes the core
    /// then if it idles. Returns <paramref name="at"/>.</summary>
    public long Notify(int core, long at)
    {
        var target = _cores[core] ?? throw new SharpfishException(ErrorCode.BadArgument, $"core {core} has not been started");
        target.AddArrival(at);
        if (!target.Halted && target.IdleSince >= 0)
        {
            var (wake, blocked) = WakeTime(target, at);
            if (wake < target.ScheduledAt)
            {
                Schedule(target, wake);
                target.WakesFromBlock = blocked;
            }
        }

        return at;
    }

    /// <summary>The one-way latency of a message from <paramref name="from"/> to <paramref name="to"/> (each source
    /// core's row is worked out once, when first used).</summary>
    public long LatencyCycles(int from, int to)
    {
        var row = _latencyRows[from];
        if (row is null)
        {
            row = new long[Topology.CoreCount];
            for (var core = 0; core < row.Length; core++)
            {
                row[core] = Model.Latency.OneWay(Topology, from, core);
            }

            _latencyRows[from] = row;
        }

        return row[to];
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _memory.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override void WakeBsp()
    {
        // Called from another thread (Ctrl-C); the run loop checks the power button between steps.
    }

    internal void Ring(SimCore core)
    {
        if (Thread.CurrentThread == _thread && _running is not null && core != _running)
        {
            _ = Notify(core.Id, _running.Now + LatencyCycles(_running.Id, core.Id));
        }
    }

    private void Step(SimCore core, long time)
    {
        core.Now = Math.Max(core.Now, time);
        core.ScheduledAt = long.MaxValue;
        if (core.IdleSince >= 0 && core.WakesFromBlock)
        {
            core.Statistics.Sleeps++;
            core.Statistics.SleptNs += (long)((time - core.IdleSince) / Topology.ClockGHz);
            core.Policy.EndedAfterBlocking(time - core.IdleSince, wakeLatency: 0); // the model's wake-up cost is exact
        }

        core.IdleSince = -1;
        core.WakesFromBlock = false;
        _running = core;
        CoreOwnership.Enter(core.Id);
        Steps++;
        ScheduleDigest = (ScheduleDigest ^ (ulong)((core.Now << 12) ^ core.Id)) * 1099511628211UL;
        try
        {
            core.Kernel ??= core.Entry(core);
            var before = core.Now;
            var worked = core.Kernel.Poll();
            if (core.Kernel.Halted)
            {
                core.Halted = true;
                return;
            }

            if (worked)
            {
                core.Statistics.BusyPolls++;
                core.Now = Math.Max(core.Now, before + MinStepCycles);
                Schedule(core, core.Now);
                return;
            }

            core.IdleSince = core.Now;
            core.Statistics.PollPeriodNs = (long)(core.Policy.Period / Topology.ClockGHz);
            var next = Math.Min(core.NextArrivalAfter(core.Now), core.ToCycles(core.Kernel.NextDeadlineNs));
            if (next != long.MaxValue)
            {
                var (wake, blocked) = WakeTime(core, next);
                Schedule(core, wake);
                core.WakesFromBlock = blocked;
            }
        }
        catch (Exception e) when (e is not SharpfishException { Code: ErrorCode.ProtocolViolation })
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, $"core {core.Id} panicked at cycle {core.Now} (seed {Seed}): {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            _running = null;
            CoreOwnership.Enter(-1);
        }
    }

    /// <summary>When an idle core notices an event at <paramref name="at"/>: at once while it still polls (it has
    /// been idle less than its poll period P), after the wake-up cost C once it has blocked.</summary>
    private (long At, bool Blocked) WakeTime(SimCore core, long at) =>
        at - core.IdleSince > core.Policy.Period ? (at + Model.Latency.WakeUp, true) : (at, false);

    private void Schedule(SimCore core, long at)
    {
        core.ScheduledAt = at;
        core.Version++;
        _queue.Enqueue((core, core.Version), (at, _random.NextInt64()));
    }

    private static unsafe nint AllocateNative(int node, long bytes)
    {
        var address = NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        NativeMemory.Clear(address, (nuint)bytes);
        return (nint)address;
    }

    private static unsafe void FreeNative(nint address) => NativeMemory.AlignedFree((void*)address);
}
