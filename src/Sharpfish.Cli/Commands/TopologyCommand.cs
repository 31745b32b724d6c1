using System.CommandLine;
using System.Text.Json;
using Sharpfish.Platform.Topology;
using Sharpfish.Services.Views;
using Spectre.Console;

namespace Sharpfish.Cli.Commands;

/// <summary><c>sharpfish topology</c>: the machine as a tree, and its NUMA distances.</summary>
internal static class TopologyCommand
{
    public static Command Create()
    {
        var machine = new MachineOptions();
        var json = new Option<bool>("--json") { Description = "Write the topology as JSON" };
        var command = new Command("topology", "Show this machine (or a model) as packages → caches → cores, with NUMA distances");
        machine.AddTo(command, withPinAndSeed: false);
        command.Options.Add(json);
        command.SetAction(parse => CliErrors.Run(() => Show(machine.Topology(parse), parse.GetValue(json))));
        return command;
    }

    private static int Show(MachineTopology topology, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(TopologyJson.From(topology), CliJson.Default.TopologyJson));
        }
        else
        {
            AnsiConsole.Write(TopologyView.Render(topology));
        }

        return CliErrors.Ok;
    }
}

/// <summary>A topology as <c>topology --json</c> writes it.</summary>
internal sealed record TopologyJson(
    string Name,
    string CpuModel,
    double ClockGHz,
    IReadOnlyList<CoreInfo> Cores,
    IReadOnlyList<CacheJson> Caches,
    IReadOnlyList<NumaNode> Nodes,
    int[][] NodeDistances,
    IReadOnlyList<int[]> NodeLinks)
{
    public static TopologyJson From(MachineTopology t) => new(
        t.Name,
        t.CpuModel,
        t.ClockGHz,
        t.Cores,
        [.. t.Caches.Select(c => new CacheJson(c.Level, c.Kind.ToString(), c.SizeBytes, c.Cores))],
        t.Nodes,
        t.NodeDistances,
        [.. t.NodeLinks.Select(l => new[] { l.From, l.To })]);
}

/// <summary>One cache, as JSON.</summary>
internal sealed record CacheJson(int Level, string Kind, long SizeBytes, IReadOnlyList<int> Cores);
