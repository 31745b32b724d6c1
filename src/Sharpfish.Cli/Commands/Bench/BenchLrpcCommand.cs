using System.CommandLine;
using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Lrpc;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench lrpc</c>: same-core round trips between domains (the paper's Table 1).</summary>
internal static class BenchLrpcCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        return options.Command("lrpc", "Round trips between two domains on one core through the CPU driver's dispatch path (the paper's Table 1), beside raw LMP", machine, parse =>
        {
            var topology = machine.Topology(parse).Subset([0]);
            using var platform = new HostedPlatform(topology, new PlatformConsole(TextWriter.Null, null), pin: true);
            var report = BenchOptions.WithProgress("bench lrpc", progress => LrpcBenchmark.Run(platform, options.ScaleOf(parse), progress));
            return options.Finish(parse, "lrpc", report, CliJson.Default.LrpcReport, Render);
        });
    }

    private static void Render(LrpcReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/], cpu {report.Cpu}; cycles are TSC cycles at {report.TscGHz:0.###} GHz{(report.Quick ? " (quick run: do not quote)" : "")}");
        var table = new Table { Title = new TableTitle("Same-core round trips, one way (half the round trip)") }
            .AddColumns("path", "cycles (σ)", "ns", "× raw LMP");
        void Row(string name, Latency value) =>
            table.AddRow(name, $"{value.Cycles:0} ({value.StdDevCycles:0})", $"{value.Ns:0}", $"{value.Cycles / report.RawLmp.Cycles:0.0}×");
        Row("raw LMP (send, take, send back, take)", report.RawLmp);
        Row("echo RPC through the ping_pong stubs, polled", report.StubsPolled);
        Row("LRPC: echo RPC between two dispatchers (upcalls, waitsets, thread switch)", report.Dispatched);
        foreach (var (machine, cycles) in report.Paper)
        {
            table.AddRow($"paper, Table 1: {machine}", $"{cycles:0}", "", "");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"allocated per dispatched round trip: {report.DispatchedAllocatedBytes:0.#} bytes");
    }
}
