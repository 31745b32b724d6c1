using System.CommandLine;
using Sharpfish.Bench.Fig3;
using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Plots;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench fig3</c>: shared-memory updates against update RPCs (the paper's Figure 3).</summary>
internal static class BenchFig3Command
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        return options.Command("fig3", "Cores updating shared cache lines directly (SHM1-SHM8) against update RPCs to one server core (MSG1, MSG8), the paper's Figure 3; table, JSON and plot", machine, parse =>
        {
            using var platform = new HostedPlatform(machine.Topology(parse), new PlatformConsole(TextWriter.Null, null), pin: true);
            var scale = parse.GetValue(options.Quick) ? Scale.Quick : new Scale(100, 1000, 20_000);
            var report = BenchOptions.WithProgress("bench fig3", progress => Fig3Benchmark.Run(platform, scale, progress));
            return options.Finish(parse, "fig3", report, CliJson.Default.Fig3Report, Render, folder => Fig3Plot.Write(report, folder));
        });
    }

    private static void Render(Fig3Report report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/]; cycles per update (TSC at {report.TscGHz:0.###} GHz){(report.Quick ? " (quick run: do not quote)" : "")}");
        var table = new Table { Title = new TableTitle("Figure 3: cycles per update against cores") }
            .AddColumns("cores", "SHM1", "SHM2", "SHM4", "SHM8", "MSG1", "MSG8", "Server", "MSG8 / SHM8");
        foreach (var p in report.Points)
        {
            table.AddRow(
                $"{p.Cores}", Cell(p.Shm1), Cell(p.Shm2), Cell(p.Shm4), Cell(p.Shm8), Cell(p.Msg1), Cell(p.Msg8), Cell(p.Server),
                p.Msg8 is null ? "-" : $"{p.Msg8.Cycles / p.Shm8.Cycles:0.00}×");
        }

        AnsiConsole.Write(table);
    }

    private static string Cell(Latency? value) => value is null ? "-" : $"{value.Cycles:0}";
}
