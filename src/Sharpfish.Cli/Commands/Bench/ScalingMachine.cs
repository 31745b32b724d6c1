using System.CommandLine;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Simulated;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary>The machine a benchmark scales over, from <c>--sim</c>/<c>--cores</c>/<c>--seed</c>: its name as the
/// report shows it, its clock, and a platform of its first N cores (simulated in virtual cycles, or pinned host
/// cores with the TSC), for the benchmarks that plot against the number of cores.</summary>
/// <param name="Name">Machine name and processor ("(simulated)" for a model).</param>
/// <param name="Simulated">True for a machine model.</param>
/// <param name="GHz">Cycles per nanosecond.</param>
/// <param name="Topology">The whole machine chosen.</param>
/// <param name="PlatformFor">A platform of the machine's first N cores.</param>
internal sealed record ScalingMachine(string Name, bool Simulated, double GHz, MachineTopology Topology, Func<int, Platform.Platform> PlatformFor)
{
    /// <summary>The machine the options choose.</summary>
    public static ScalingMachine From(ParseResult parse, MachineOptions machine)
    {
        var console = new PlatformConsole(TextWriter.Null, null);
        if (parse.GetValue(machine.Sim) is { } sim)
        {
            var model = MachineModels.Find(sim);
            var topology = CoreSelection.Parse(parse.GetValue(machine.Cores)).ApplyTo(model.Topology);
            var seed = parse.GetValue(machine.Seed);
            return new ScalingMachine($"{topology.Name}: {topology.CpuModel} (simulated)", true, topology.ClockGHz, topology,
                n => new SimulatedPlatform(model with { Topology = topology.Subset([.. Enumerable.Range(0, n)]) }, console, seed));
        }

        var host = machine.Topology(parse);
        return new ScalingMachine($"{host.Name}: {host.CpuModel}", false, Tsc.GHz, host,
            n => new HostedPlatform(host.Subset([.. Enumerable.Range(0, n)]), console, pin: true));
    }
}
