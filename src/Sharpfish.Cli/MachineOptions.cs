using System.CommandLine;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Simulated;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Cli;

/// <summary>The options that choose a machine, shared by every command that boots or shows one.</summary>
internal sealed class MachineOptions
{
    public Option<string?> Sim { get; } = new("--sim")
    {
        Description = "Simulate a machine model instead of using this host (see 'sharpfish machines')",
        HelpName = "MACHINE",
    };

    public Option<string?> Cores { get; } = new("--cores")
    {
        Description = "Cores to boot: a count (8) or a list (0,2-3) of host CPUs or model cores",
        HelpName = "N|LIST",
    };

    public Option<bool> Pin { get; } = new("--pin")
    {
        Description = "Insist on pinning every core to a host CPU (an error when the host has fewer)",
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "Seed of the simulated machine's schedule: the same seed gives the same run",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool withPinAndSeed = true)
    {
        command.Options.Add(Sim);
        command.Options.Add(Cores);
        if (withPinAndSeed)
        {
            command.Options.Add(Pin);
            command.Options.Add(Seed);
        }
    }

    /// <summary>The topology the options describe.</summary>
    public MachineTopology Topology(ParseResult parse)
    {
        var selection = CoreSelection.Parse(parse.GetValue(Cores));
        return parse.GetValue(Sim) is { } sim
            ? selection.ApplyTo(MachineModels.Find(sim).Topology)
            : HostMachine.Select(HostMachine.Discover(), selection, parse.GetValue(Pin)).Topology;
    }

    /// <summary>Builds the platform the options describe.</summary>
    public Platform.Platform Create(ParseResult parse, PlatformConsole console)
    {
        var selection = CoreSelection.Parse(parse.GetValue(Cores));
        if (parse.GetValue(Sim) is { } sim)
        {
            var model = MachineModels.Find(sim);
            return new SimulatedPlatform(model with { Topology = selection.ApplyTo(model.Topology) }, console, parse.GetValue(Seed));
        }

        var (topology, pinned) = HostMachine.Select(HostMachine.Discover(), selection, parse.GetValue(Pin));
        return new HostedPlatform(topology, console, pinned);
    }
}
