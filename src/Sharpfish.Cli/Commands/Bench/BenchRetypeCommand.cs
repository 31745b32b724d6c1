using System.CommandLine;
using Sharpfish.Bench.Plots;
using Sharpfish.Bench.Retype;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench retype</c>: a retype agreed by every core, single and pipelined (the paper's Figure 8).</summary>
internal static class BenchRetypeCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        var command = options.Command("retype", "One capability retype agreed by every core (two-phase commit through the monitors) against cores: latency alone and cost per retype pipelined, the paper's Figure 8; on this machine or a simulated one (--sim amd-8x4); table, JSON and plot", machine, parse =>
        {
            var quick = parse.GetValue(options.Quick);
            var target = ScalingMachine.From(parse, machine);
            var report = BenchOptions.WithProgress("bench retype", progress => Fig8Benchmark.Run(
                target.Name, target.Simulated, target.GHz, quick, Counts(target.Topology.CoreCount, from: target.Simulated ? 2 : 1),
                batches: target.Simulated || quick ? 1 : 8, WarmUp(target.Simulated, quick), target.PlatformFor, progress));
            return options.Finish(parse, "fig8", report, CliJson.Default.Fig8Report, Render, folder => Fig8Plot.Write(report, folder));
        });
        command.Options.Add(machine.Sim);
        command.Options.Add(machine.Seed);
        return command;
    }

    /// <summary>Hosted, unrecorded batches run this long on every core count first: the JIT's first tier of the
    /// message paths is several times slower than what it makes of them once they are hot. Virtual time needs none.</summary>
    private static TimeSpan WarmUp(bool simulated, bool quick) => simulated ? TimeSpan.Zero : TimeSpan.FromSeconds(quick ? 0.2 : 1);

    /// <summary>Every count from <paramref name="from"/>, or every second one on a large machine; always the whole machine.</summary>
    private static int[] Counts(int cores, int from) =>
        [.. Enumerable.Range(from, Math.Max(cores - from + 1, 1)).Where(n => cores <= 16 || n % 2 == 0 || n == cores)];

    private static void Render(Fig8Report report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/]; cycles ({report.GHz:0.###} GHz){(report.Quick ? " (quick run: do not quote)" : "")}");
        var table = new Table { Title = new TableTitle("Figure 8: capability retype, two-phase commit over every core") }
            .AddColumns("cores", "single-operation latency", $"cost when pipelining ({Fig8Benchmark.Window} in flight)");
        foreach (var p in report.Points)
        {
            table.AddRow($"{p.Cores}", $"{p.Single:0}", $"{p.Pipelined:0}");
        }

        AnsiConsole.Write(table);
    }
}
