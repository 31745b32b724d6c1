using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Urpc;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Platform.Hosted;
using Sharpfish.Services.Boot;
using Sharpfish.Services.Programs;

namespace Sharpfish.Bench.Rpc;

/// <summary>
/// <c>bench rpc</c>: echo RPCs between two domains on two cores through the whole running system. The system boots
/// on the platform's two pinned cores; a server domain on core 1 registers a ping_pong service with the name
/// service, and a client domain on core 0 looks it up once, binds through the monitors, and times echo RPCs in
/// windows from its thread. Raw URPC between the same two cores is measured first, in the same run, as the floor.
/// </summary>
public static class RpcBenchmark
{
    private const string ServiceName = "bench-rpc";
    private const string Cycles = "cycles";
    private const string LookupAndBindNs = "lookup-and-bind-ns";
    private const string AllocatedBytes = "allocated-bytes";

    /// <summary>Runs on the platform's cores 0 (client) and 1 (server), which must be pinned.</summary>
    public static RpcReport Run(HostedPlatform platform, Scale scale, Action<BenchProgress> progress)
    {
        var topology = platform.Topology;
        if (!platform.Pinned || topology.CoreCount != 2)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "bench rpc needs two cores pinned to host CPUs");
        }

        var ghz = Tsc.GHz;
        progress(new BenchProgress(0, 2, "raw URPC round trips"));
        var pair = new PairTarget(platform, 0, 1, topology.Relation(0, 1));
        var (raw, _) = RoundTripProbes.Urpc(pair, scale);

        progress(new BenchProgress(1, 2, "echo RPCs between two domains, through the system"));
        var client = new Module("bench-rpc-client", "times echo RPCs to the bench-rpc service", context => Client(context, scale));
        var server = new Module("bench-rpc-server", "serves ping_pong as bench-rpc until its client is done", Server);
        var result = SystemBoot.Run(platform, new BootOptions(
            ["spawn bench-rpc-server --core 1", "spawn bench-rpc-client --core 0 --wait", "halt"],
            Interactive: false, Color: false, ExtraPrograms: [client, server]), out _);
        var records = platform.Results.ReadAll();
        if (result.ExitCode != 0 || BenchResults.ReadSummary(records, Cycles) is not { } cycles)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"the measuring system failed: {result.Error ?? "the client measured nothing"}");
        }

        progress(new BenchProgress(2, 2, "done"));
        return new RpcReport(
            $"{topology.Name}: {topology.CpuModel}", ghz, scale == Scale.Quick, pair.Cpus, pair.Relation.ToString(),
            Latency.From(raw, ghz, 0.5), Latency.From(cycles, ghz, 0.5), BenchResults.Integers(records, LookupAndBindNs).Single(),
            (double)BenchResults.Integers(records, AllocatedBytes).Single() / scale.Measured);
    }

    private static async Task<int> Server(DomainContext context)
    {
        var echo = new EchoServer();
        var done = new TaskCompletionSource();
        echo.Stopped = () => done.TrySetResult();
        await context.RegisterAsync(ServiceName, await context.ExportAsync((tx, rx) => new PingPongBinding(tx, rx, echo)));
        await done.Task;
        return 0;
    }

    /// <summary>Hands its results out through the result port: how long finding and binding took, then the
    /// summary of its windows and the bytes it allocated in them.</summary>
    private static async Task<int> Client(DomainContext context, Scale scale)
    {
        var start = context.Cpu.NowNs;
        var iref = await context.LookupAsync(ServiceName, wait: true);
        var binding = await context.BindAsync(iref, (tx, rx) => new PingPongBinding(tx, rx, new EchoServer()));
        context.WriteResult(LookupAndBindNs, context.Cpu.NowNs - start);

        var (cycles, allocated) = await EchoWindows.MeasureAsync(binding, scale, context.Cpu.Core);
        BenchResults.WriteSummary(context, Cycles, cycles);
        context.WriteResult(AllocatedBytes, allocated);
        await binding.SendStopAsync();
        return 0;
    }
}
