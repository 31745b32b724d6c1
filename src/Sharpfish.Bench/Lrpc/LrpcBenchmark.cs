using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Rpc;
using Sharpfish.Services.Programs;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Kernel;
using Sharpfish.Kernel.Lmp;
using Sharpfish.Platform.Hosted;
using Sharpfish.Runtime;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Lrpc;

/// <summary>
/// <c>bench lrpc</c>: the paper's Table 1 on this machine: the one-way latency of a round trip between two domains on
/// the same core, through the real dispatch path, beside the raw LMP floor and the stubs without dispatch. Runs as a
/// booted one-core system: the measuring code is a user-level thread of a dispatcher.
/// </summary>
public static class LrpcBenchmark
{
    /// <summary>The paper's Table 1 (cycles, one way).</summary>
    public static IReadOnlyDictionary<string, double> Paper { get; } = new Dictionary<string, double>
    {
        ["2×4-core Intel"] = 845,
        ["2×2-core AMD"] = 757,
        ["4×4-core AMD"] = 1463,
        ["8×4-core AMD"] = 1549,
    };

    /// <summary>Runs on the platform's core 0 (which must be pinned).</summary>
    public static LrpcReport Run(HostedPlatform platform, Scale scale, Action<BenchProgress> progress)
    {
        if (!platform.Pinned)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "bench lrpc needs a core pinned to a host CPU");
        }

        var ghz = Tsc.GHz;
        LrpcReport? report = null;
        platform.Run(core =>
        {
            var cpu = new CpuDriver(core);
            var client = new Dispatcher(cpu, "lrpc client", 2);
            client.StartThread(async () =>
            {
                progress(new BenchProgress(0, 3, "raw LMP round trips"));
                var raw = RawLmp(cpu, scale);
                progress(new BenchProgress(1, 3, "echo RPCs through the stubs, polled"));
                var polled = StubsPolled(cpu, scale);
                progress(new BenchProgress(2, 3, "echo RPCs between two dispatchers"));
                var (dispatched, bytes) = await Dispatched(cpu, client, scale);
                progress(new BenchProgress(3, 3, "done"));
                var topology = platform.Topology;
                report = new LrpcReport(
                    $"{topology.Name}: {topology.CpuModel}", ghz, scale == Scale.Quick, topology.Cores[0].OsCpu,
                    Latency.From(raw, ghz, 0.5), Latency.From(polled, ghz, 0.5), Latency.From(dispatched, ghz, 0.5),
                    (double)bytes / scale.Measured, Paper);
                cpu.Halt();
            });
            return cpu;
        });
        return report!;
    }

    private static Summary RawLmp(CpuDriver cpu, Scale scale)
    {
        var there = cpu.CreateLmpChannel();
        var back = cpu.CreateLmpChannel();
        var windows = new WindowLog(scale.Windows);
        Loop.Measure(new RawRoundTrip(there.Sender, there.Endpoint, back.Sender, back.Endpoint), windows, scale);
        return windows.Summarise();
    }

    private static Summary StubsPolled(CpuDriver cpu, Scale scale)
    {
        var there = cpu.CreateLmpChannel();
        var back = cpu.CreateLmpChannel();
        var client = new PingPongBinding(there.Sender, back.Endpoint, new EchoServer());
        var server = new PingPongBinding(back.Sender, there.Endpoint, new EchoServer());
        var windows = new WindowLog(scale.Windows);
        Loop.Measure(new PolledEcho(client, server), windows, scale);
        return windows.Summarise();
    }

    /// <summary>The measuring thread awaits each echo; the server is another dispatcher whose waitset holds its
    /// binding, so every round trip goes through two upcalls, two waitset polls and a thread wake-up.</summary>
    private static async Task<(Summary Cycles, long Bytes)> Dispatched(CpuDriver cpu, Dispatcher client, Scale scale)
    {
        var there = cpu.CreateLmpChannel();
        var back = cpu.CreateLmpChannel();
        var server = new Dispatcher(cpu, "lrpc server", 3);
        server.Waitset.Add(new PingPongBinding(back.Sender, there.Endpoint, new EchoServer()));
        var binding = new PingPongBinding(there.Sender, back.Endpoint, new EchoServer());
        client.Waitset.Add(binding);
        var (cycles, bytes) = await EchoWindows.MeasureAsync(binding, scale, cpu.Core);
        client.Waitset.Remove(binding);
        server.Stop();
        return (cycles, bytes);
    }

    /// <summary>An LMP message there and one back, on one thread.</summary>
    private readonly struct RawRoundTrip(LmpSender there, LmpEndpoint atServer, LmpSender back, LmpEndpoint atClient) : IOperation
    {
        public void Run()
        {
            there.TrySend(new MessageHeader(1, 0), default);
            atServer.TryReceive(out var header, out var payload);
            back.TrySend(header, payload);
            atClient.TryReceive(out _, out _);
        }
    }

    /// <summary>An echo RPC with both bindings polled by this thread.</summary>
    private struct PolledEcho(PingPongBinding client, PingPongBinding server) : IOperation
    {
        private ulong _value;

        public void Run()
        {
            var answer = client.EchoAsync(_value + 1);
            while (!answer.IsCompleted)
            {
                server.Poll();
                client.Poll();
            }

            _value = answer.GetAwaiter().GetResult();
        }
    }
}
