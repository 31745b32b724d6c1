using System.CommandLine;
using System.Globalization;
using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Urpc;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench urpc</c>: the paper's Table 2 on this machine, with baselines from the same run.</summary>
internal static class BenchUrpcCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        return options.Command("urpc", "URPC latency and throughput for every class of core pair (the paper's Table 2), against cache-line ping-pong floors, Channel<T> and ConcurrentQueue on the same cores", machine, parse =>
        {
            using var platform = new HostedPlatform(machine.Topology(parse), new PlatformConsole(TextWriter.Null, null), pin: true);
            var report = BenchOptions.WithProgress("bench urpc", progress => UrpcBenchmark.Run(platform, options.ScaleOf(parse), progress));
            return options.Finish(parse, "urpc", report, CliJson.Default.UrpcReport, Render);
        });
    }

    private static void Render(UrpcReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/]; cycles are TSC cycles at {report.TscGHz:0.###} GHz{(report.Quick ? " (quick run: do not quote)" : "")}");
        foreach (var p in report.Pairs)
        {
            var table = new Table { Title = new TableTitle($"cores {p.Pair} (cpus {string.Join(", ", p.Cpus)}): {p.Relation}") }
                .AddColumns("mechanism", "one-way latency: cycles (σ)", "ns", "× floor", "16 in flight: msgs/kcycle", "Mmsgs/s", "1024 slots: msgs/kcycle", "Mmsgs/s");
            var floor = p.TwoLineFloor.Cycles;
            table.AddRow(["URPC", .. Latency(p.Urpc, floor), .. Rate(p.Urpc16), .. Rate(p.UrpcStream)]);
            table.AddRow(["URPC, batches of 16", "", "", "", "", "", .. Rate(p.UrpcBatched)]);
            table.AddRow(["URPC, 2-line slots (batched)", .. Latency(p.UrpcWide, floor), "", "", .. Rate(p.UrpcBatchedWide)]);
            table.AddRow(["echo RPC through the ping_pong stubs", .. Latency(p.StubRpc, floor), "", "", "", ""]);
            table.AddRow(["2-line ping-pong (floor)", .. Latency(p.TwoLineFloor, floor), "", "", "", ""]);
            table.AddRow(["raw line stream, batches of 16 (floor)", "", "", "", "", "", .. Rate(p.StreamFloor)]);
            table.AddRow(["1-line ping-pong", .. Latency(p.OneLineFloor, floor), "", "", "", ""]);
            table.AddRow(["Channel<T>", .. Latency(p.Channel, floor), .. Rate(p.Channel16), .. Rate(p.ChannelStream)]);
            table.AddRow(["ConcurrentQueue<T>", .. Latency(p.ConcurrentQueue, floor), "", "", .. Rate(p.QueueStream)]);
            table.AddRow(["wake-up from a blocked core", .. Latency(p.WakeUp, floor), "", "", "", ""]);
            AnsiConsole.Write(table);
        }

        foreach (var p in report.Pairs)
        {
            Check(p.Pair, "URPC round trip ≤ 1.3× the two-line floor", p.Urpc.Cycles / p.TwoLineFloor.Cycles, r => r <= 1.3);
            Check(p.Pair, "RPC through the stubs ≤ 1.5× a raw URPC round trip", p.StubRpc.Cycles / p.Urpc.Cycles, r => r <= 1.5);
            var best = p.UrpcBatched.MessagesPerKcycle > p.UrpcStream.MessagesPerKcycle ? p.UrpcBatched : p.UrpcStream;
            Check(p.Pair, "URPC streaming ≥ 40 Mmsgs/s", best.MmsgsPerSecond, r => r >= 40, "Mmsgs/s");
            Check(p.Pair, "URPC streaming ≥ 17 msgs/kcycle", best.MessagesPerKcycle, r => r >= 17, "msgs/kcycle");
            Check(p.Pair, "URPC batched streaming ≥ 0.9× the raw line stream", p.UrpcBatched.MessagesPerKcycle / p.StreamFloor.MessagesPerKcycle, r => r >= 0.9);
            Check(p.Pair, "Channel<T> round trip ≥ 1.8× URPC's", p.Channel.Cycles / p.Urpc.Cycles, r => r >= 1.8);
            Check(p.Pair, "URPC throughput ≥ 10× Channel<T>'s (1024 slots)", best.MessagesPerKcycle / p.ChannelStream.MessagesPerKcycle, r => r >= 10);
            Check(p.Pair, "no allocation on URPC and stub message paths", p.AllocatedBytes, r => r == 0, "bytes");
        }
    }

    private static void Check(string pair, string goal, double value, Func<double, bool> met, string unit = "×") =>
        AnsiConsole.MarkupLine($"{(met(value) ? "[green]met[/]" : "[red]missed[/]")}  {Markup.Escape(pair)}: {Markup.Escape(goal)}: {value.ToString("0.##", CultureInfo.InvariantCulture)} {Markup.Escape(unit)}");

    private static string[] Latency(Latency value, double floor) =>
        [$"{value.Cycles:0} ({value.StdDevCycles:0})", Ns(value.Ns), $"{value.Cycles / floor:0.00}×"];

    private static string[] Rate(Throughput value) => [$"{value.MessagesPerKcycle:0.00}", $"{value.MmsgsPerSecond:0.0}"];

    private static string Ns(double ns) => ns >= 10_000 ? $"{ns / 1000:0.0} µs" : $"{ns:0} ns";
}
