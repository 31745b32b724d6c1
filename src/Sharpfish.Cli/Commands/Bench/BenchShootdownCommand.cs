using System.CommandLine;
using Sharpfish.Bench.Plots;
using Sharpfish.Bench.Shootdown;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench shootdown</c>: the shootdown protocols' message rounds (the paper's Figure 6) and a
/// page's rights changed end to end, Sharpfish's and Linux's (Figure 7).</summary>
internal static class BenchShootdownCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var machine = new MachineOptions();
        var protocol = new Option<ShootdownProtocol?>("--protocol")
        {
            Description = "The protocol the monitors use for the end-to-end change (Figure 7): Unicast, Multicast or NumaMulticast (broadcast runs only in Figure 6's rounds); by default the SKB's shootdown_protocol policy picks it for each number of cores",
        };
        protocol.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<ShootdownProtocol?>() == ShootdownProtocol.Broadcast)
            {
                result.AddError("--protocol Broadcast: the monitors' shootdown is Unicast, Multicast or NumaMulticast; broadcast needs one channel that every core polls, which no monitor link is (Figure 6 measures its rounds)");
            }
        });
        var command = options.Command("shootdown", "One round of each TLB-shootdown protocol's messages (broadcast, unicast, multicast, NUMA-aware multicast) against cores, the paper's Figure 6, and taking write permission from a page mapped on those cores end to end, Sharpfish's and Linux's mprotect, Figure 7; on this machine or a simulated one (--sim amd-8x4); table, JSON and plot", machine, parse =>
        {
            var quick = parse.GetValue(options.Quick);
            var endToEnd = parse.GetValue(protocol);
            var target = ScalingMachine.From(parse, machine);
            var rounds = target.Simulated ? 100 : quick ? 100 : 4_000;
            Func<int, double>? linux = target.Simulated ? null : n => LinuxMprotect.Measure([.. target.Topology.Cores.Take(n).Select(c => c.OsCpu)], rounds);
            var report = BenchOptions.WithProgress("bench shootdown", progress => Fig6Benchmark.Run(
                target.Name, target.Simulated, target.GHz, quick, Counts(target.Topology.CoreCount), rounds,
                target.Simulated ? TimeSpan.Zero : TimeSpan.FromSeconds(quick ? 0.2 : 1), target.PlatformFor, linux, progress, endToEnd));
            return options.Finish(parse, "fig6", report, CliJson.Default.Fig6Report, Render, folder => [.. Fig6Plot.Write(report, folder), .. Fig7Plot.Write(report, folder)]);
        });
        command.Options.Add(machine.Sim);
        command.Options.Add(machine.Seed);
        command.Options.Add(protocol);
        return command;
    }

    /// <summary>Every count from 2, or every second one on a large machine; always the whole machine.</summary>
    private static int[] Counts(int cores) =>
        cores < 2
            ? throw new SharpfishException(ErrorCode.BadArgument, "bench shootdown needs at least two cores")
            : [.. Enumerable.Range(2, cores - 1).Where(n => cores <= 16 || n % 2 == 0 || n == cores)];

    private static void Render(Fig6Report report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Machine)}[/]; median cycles of one round ({report.GHz:0.###} GHz){(report.Quick ? " (quick run: do not quote)" : "")}");
        var table = new Table { Title = new TableTitle("Figure 6: shootdown protocols, message rounds only") }
            .AddColumns("cores", "broadcast", "unicast", "multicast", "NUMA-aware multicast", "best");
        foreach (var p in report.Points)
        {
            var best = Enum.GetValues<ShootdownProtocol>().MinBy(p.Of);
            table.AddRow($"{p.Cores}", $"{p.Broadcast:0}", $"{p.Unicast:0}", $"{p.Multicast:0}", $"{p.NumaMulticast:0}", best.ToString());
        }

        AnsiConsole.Write(table);
        var whole = new Table { Title = new TableTitle("Figure 7: taking write permission from a page mapped on every core, end to end") }
            .AddColumns("cores", "Sharpfish protect", "protocol", "Linux mprotect (same cores, same run)", "Sharpfish / Linux");
        foreach (var p in report.Points)
        {
            whole.AddRow($"{p.Cores}", $"{p.SharpfishProtect:0}", p.SharpfishProtocol, p.LinuxMprotect is { } linux ? $"{linux:0}" : "-", p.LinuxMprotect is { } l ? $"{p.SharpfishProtect / l:0.00}" : "-");
        }

        AnsiConsole.Write(whole);
    }
}
