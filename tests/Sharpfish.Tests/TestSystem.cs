using Sharpfish.Monitors;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Simulated;
using Sharpfish.Platform.Topology;
using Sharpfish.Services.Boot;

namespace Sharpfish.Tests;

/// <summary>Boots whole systems for tests, with the console captured.</summary>
internal static class TestSystem
{
    public static PlatformConsole Console(out StringWriter output)
    {
        output = new StringWriter();
        return new PlatformConsole(output, null);
    }

    public static SimulatedPlatform Simulated(string machine, long seed, IReadOnlySet<int>? failing = null, int? cores = null)
    {
        var model = MachineModels.Find(machine);
        if (cores is { } n)
        {
            model = model with { Topology = model.Topology.Subset([.. Enumerable.Range(0, n)]) };
        }

        return new SimulatedPlatform(model, Console(out _), seed, failing);
    }

    public static HostedPlatform Hosted(int cores)
    {
        var (topology, pinned) = HostMachine.Select(HostMachine.Discover(), new CoreSelection(cores, null), pin: false);
        return new HostedPlatform(topology, Console(out _), pinned);
    }

    /// <summary>Boots, runs <paramref name="commands"/> in fish, halts; returns the result and everything printed.</summary>
    public static (BootResult Result, string Output) Boot(global::Sharpfish.Platform.Platform platform, params string[] commands)
    {
        var (result, output, _) = BootWithMonitors(platform, commands);
        return (result, output);
    }

    /// <summary>Boots and runs <paramref name="commands"/>; also returns every core's monitor, to compare replicas.</summary>
    public static (BootResult Result, string Output, IReadOnlyList<Monitor?> Monitors) BootWithMonitors(
        global::Sharpfish.Platform.Platform platform, IReadOnlyList<string> commands, IReadOnlyList<global::Sharpfish.Domains.Module>? programs = null, bool fullMesh = false)
    {
        var result = SystemBoot.Run(platform, new BootOptions(commands, Interactive: false, Color: false, ExtraPrograms: programs, FullMesh: fullMesh), out var monitors);
        return (result, ((StringWriter)platform.Console.Output).ToString(), monitors);
    }
}
