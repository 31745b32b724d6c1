using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Bench.Harness;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Services.Boot;

namespace Sharpfish.Bench.Retype;

/// <summary>
/// <c>bench retype</c>, Figure 8: for each number of cores the whole system boots on that many cores (hosted: pinned,
/// the TSC; simulated: the model's latencies, virtual cycles). A domain on core 0 retypes part of its core's RAM into
/// <see cref="Window"/> RAM capabilities and sends a copy of each to every other core, so that retyping any of them
/// is the monitors' two-phase commit over every core (prepare down the SKB's multicast tree, each core checks for
/// descendants in the range and locks, votes up, commit down). It then times retypes of 4 KiB frames out of them
/// through its monitor: one at a time (latency), and <see cref="Window"/> at once, one per source (pipelined cost per
/// retype). Between batches a revoke clears the frames and the copies, and the copies are sent again. Hosted, batches
/// run unrecorded for a warm-up time first, so that what is timed is the code the JIT optimized, not its first tier.
/// </summary>
public static class Fig8Benchmark
{
    /// <summary>Retypes in flight at once when pipelining (one per source capability).</summary>
    public const int Window = 8;

    /// <summary>The monitor's CSpace slot of the core's RAM pool (after its root CNode, the kernel and PhysAddr).</summary>
    private const int PoolSlot = 3;
    private const int SourceSlot = 8;
    private const int FrameSlot = 32;
    private const ulong SourceBytes = 64 * 1024;
    private const ulong FrameBytes = 4096;
    private const int FramesPerSource = (int)(SourceBytes / FrameBytes);
    private const string SingleRecord = "single";
    private const string PipelinedRecord = "pipelined";

    /// <summary>Runs <paramref name="batches"/> batches on every count of <paramref name="coreCounts"/>, each after
    /// unrecorded ones for <paramref name="warmUp"/>; <paramref name="platformFor"/> makes a platform of the machine's
    /// first N cores.</summary>
    public static Fig8Report Run(string machine, bool simulated, double ghz, bool quick, IReadOnlyList<int> coreCounts, int batches, TimeSpan warmUp,
        Func<int, Platform.Platform> platformFor, Action<BenchProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(coreCounts);
        ArgumentNullException.ThrowIfNull(platformFor);
        var points = new List<Fig8Point>();
        for (var i = 0; i < coreCounts.Count; i++)
        {
            var cores = coreCounts[i];
            progress(new BenchProgress(i, coreCounts.Count, $"retypes on {cores} core(s)"));
            using var platform = platformFor(cores);
            var module = new Module("bench-retype", "times retypes of a capability with copies on every core", context => MeasureAsync(context, batches, (long)warmUp.TotalNanoseconds));
            var result = SystemBoot.Run(platform, new BootOptions(["spawn bench-retype --wait", "halt"], Interactive: false, Color: false, ExtraPrograms: [module]), out _);
            var records = platform.Results.ReadAll();
            var problem = BenchResults.Text(records, BenchResults.Problem);
            var single = BenchResults.Integers(records, SingleRecord);
            if (result.ExitCode != 0 || problem is not null || single.Length == 0)
            {
                throw new SharpfishException(ErrorCode.BadArgument, $"bench retype on {cores} core(s) failed: {problem ?? result.Error ?? "nothing measured"}");
            }

            // Medians: a retype that met a garbage collection or the host's scheduler would pull an average up.
            points.Add(new Fig8Point(cores, Summary.Of([.. single.Select(c => (double)c)]).Median, Summary.Of(BenchResults.Reals(records, PipelinedRecord)).Median));
        }

        progress(new BenchProgress(coreCounts.Count, coreCounts.Count, "done"));
        return new Fig8Report(machine, simulated, ghz, quick, points);
    }

    /// <summary>Hands the cycles out through the result port as it measures them (one record per single retype, one
    /// per pipelined window with its cost per retype), or the problem that stopped it.</summary>
    private static async Task<int> MeasureAsync(DomainContext context, int batches, long warmUpNs)
    {
        var clock = context.Cpu.Core;
        try
        {
            for (var source = 0; source < Window; source++)
            {
                await Invoke(context, 0, CapOperation.CapopRetype, PoolSlot, ObjType.Ram, SourceBytes * (ulong)source, SourceBytes, SourceSlot + source);
            }

            for (var end = clock.NowNs + warmUpNs; clock.NowNs < end;)
            {
                await BatchAsync(context, record: false);
            }

            for (var batch = 0; batch < batches; batch++)
            {
                await BatchAsync(context, record: true);
            }
        }
        catch (SharpfishException e)
        {
            context.WriteResult(BenchResults.Problem, e.Message);
            return 1;
        }

        return 0;
    }

    /// <summary>One batch: copies of every source to every other core, half their frames retyped one at a time and
    /// half pipelined, then a revoke of each source.</summary>
    private static async Task BatchAsync(DomainContext context, bool record)
    {
        var cores = context.Cpu.Platform.Topology.CoreCount;
        var clock = context.Cpu.Core;
        for (var source = 0; source < Window; source++)
        {
            for (var core = 1; core < cores; core++)
            {
                await Invoke(context, 0, CapOperation.CapopSend, SourceSlot + source, ObjType.Null, 0, 0, SourceSlot + source, core);
            }
        }

        // One at a time: the first half of every source's frames.
        var frame = 0;
        for (var k = 0; k < FramesPerSource / 2; k++)
        {
            for (var source = 0; source < Window; source++, frame++)
            {
                var start = clock.NowCycles;
                await Invoke(context, 0, CapOperation.CapopRetype, SourceSlot + source, ObjType.Frame, FrameBytes * (ulong)k, FrameBytes, FrameSlot + frame);
                if (record)
                {
                    context.WriteResult(SingleRecord, clock.NowCycles - start);
                }
            }
        }

        // Pipelined: a retype of every source in flight at once.
        for (var k = FramesPerSource / 2; k < FramesPerSource; k++)
        {
            var start = clock.NowCycles;
            var inFlight = new Task[Window];
            for (var source = 0; source < Window; source++, frame++)
            {
                inFlight[source] = Invoke(context, 0, CapOperation.CapopRetype, SourceSlot + source, ObjType.Frame, FrameBytes * (ulong)k, FrameBytes, FrameSlot + frame);
            }

            await Task.WhenAll(inFlight);
            if (record)
            {
                context.WriteResult(PipelinedRecord, (double)(clock.NowCycles - start) / Window);
            }
        }

        for (var source = 0; source < Window; source++)
        {
            await Invoke(context, 0, CapOperation.CapopRevoke, SourceSlot + source, ObjType.Null, 0, 0, 0);
        }
    }

    private static async Task Invoke(DomainContext context, int core, CapOperation operation, int source, ObjType type, ulong offset, ulong bytes, int destination, int toCore = 0)
    {
        var response = await context.Monitor.CapInvokeAsync((uint)core, (byte)operation, CapRef.Root(source).Address, (byte)type, offset, bytes, 1,
            CapRef.Root(destination).Address, (uint)toCore, 0);
        if (response.Err != ErrorCode.Ok)
        {
            throw new SharpfishException(response.Err, $"{operation} of slot {source} on core {core}: {response.Err.Describe()}");
        }
    }
}
