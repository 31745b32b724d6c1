using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sharpfish.Platform.Machines;
using Spectre.Console;

namespace Sharpfish.Cli.Commands;

/// <summary><c>sharpfish machines</c>: the machine models <c>--sim</c> accepts.</summary>
internal static class MachinesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON" };
        var command = new Command("machines", "List the machine models that --sim accepts");
        command.Options.Add(json);
        command.SetAction(parse => CliErrors.Run(() => List(parse.GetValue(json))));
        return command;
    }

    private static int List(bool json)
    {
        var rows = MachineModels.Paper
            .Select(m => new MachineRow(m.Name, m.Topology.CoreCount, m.Topology.Packages.Count, m.Topology.Nodes.Count, m.Topology.ClockGHz, m.Description))
            .ToList();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListMachineRow));
            return CliErrors.Ok;
        }

        var table = new Table().AddColumns("name", "cores", "packages", "nodes", "GHz", "description");
        foreach (var row in rows)
        {
            table.AddRow(row.Name, Num(row.Cores), Num(row.Packages), Num(row.Nodes), row.ClockGHz.ToString("0.##", CultureInfo.InvariantCulture), Markup.Escape(row.Description));
        }

        var synthetic = MachineModels.Catalogue[^1];
        table.AddRow(synthetic.Name, "S·C·T", "S", "S", "3", Markup.Escape(synthetic.Description));
        AnsiConsole.Write(table);
        return CliErrors.Ok;
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One machine model, as <c>machines --json</c> writes it.</summary>
internal sealed record MachineRow(string Name, int Cores, int Packages, int Nodes, double ClockGHz, string Description);
