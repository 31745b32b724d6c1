using System.CommandLine;
using Sharpfish.Bench.Rpc;
using Sharpfish.Errors;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench rpc</c>: round trips between domains on two cores through the whole system.</summary>
internal static class BenchRpcCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        return options.Command("rpc", "Echo RPCs between domains on two cores through the name service, the monitors, the stubs and the dispatchers, beside raw URPC between the same cores", machine, parse =>
        {
            var selected = machine.Topology(parse);
            if (selected.CoreCount < 2)
            {
                throw new SharpfishException(ErrorCode.BadArgument, "bench rpc needs two cores (--cores takes a list such as 0,1)");
            }

            using var platform = new HostedPlatform(selected.Subset([0, 1]), new PlatformConsole(TextWriter.Null, null), pin: true);
            var report = BenchOptions.WithProgress("bench rpc", progress => RpcBenchmark.Run(platform, options.ScaleOf(parse), progress));
            return options.Finish(parse, "rpc", report, CliJson.Default.RpcReport, Render);
        });
    }

    private static void Render(RpcReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/], cpus {report.Cpus[0]} and {report.Cpus[1]} ({Markup.Escape(report.Relation)}); cycles are TSC cycles at {report.TscGHz:0.###} GHz{(report.Quick ? " (quick run: do not quote)" : "")}");
        var table = new Table { Title = new TableTitle("Cross-core round trips, one way (half the round trip)") }
            .AddColumns("path", "cycles (σ)", "ns", "× raw URPC");
        void Row(string name, Sharpfish.Bench.Harness.Latency value) =>
            table.AddRow(name, $"{value.Cycles:0} ({value.StdDevCycles:0})", $"{value.Ns:0}", $"{value.Cycles / report.RawUrpc.Cycles:0.00}×");
        Row("raw URPC (a message each way between pinned threads)", report.RawUrpc);
        Row("echo RPC between two domains through the system", report.FullStack);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"name-service lookup (waiting for the server to register) and bind, once: {report.LookupAndBindNs / 1000:0.#} µs; allocated per round trip: {report.FullStackAllocatedBytes:0.#} bytes");
    }
}
