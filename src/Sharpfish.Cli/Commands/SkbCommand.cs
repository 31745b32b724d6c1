using System.CommandLine;
using System.Text.Json;
using Sharpfish.Errors;
using Sharpfish.Platform;
using Sharpfish.Services.Views;
using Sharpfish.Skb;
using Spectre.Console;

namespace Sharpfish.Cli.Commands;

/// <summary>
/// <c>sharpfish skb</c>: the System Knowledge Base of this machine (or a model) without a shell. It gathers what
/// the SKB needs, as a boot does (the latencies measured once and then read from the cache), and runs the query
/// against the same database and policies the skb domain serves.
/// </summary>
internal static class SkbCommand
{
    public static Command Create()
    {
        var command = new Command("skb", "The System Knowledge Base: SQL over the machine's facts, its policies, multicast trees and latencies");
        var sql = new Argument<string>("SQL") { Description = "One read-only statement (SELECT, WITH or VALUES)" };
        var parameters = new Option<string[]>("--param", "-p") { Description = "A parameter: bound in order (?1, ?2...) or by name as :name=value", HelpName = "VALUE" };
        var json = new Option<bool>("--json") { Description = "Write the rows as JSON" };
        command.Subcommands.Add(Sub("query", "Run a read-only SQL query over the facts", [sql], [parameters, json],
            (skb, parse) => ShowRows(skb.Query(parse.GetValue(sql)!, parse.GetValue(parameters) ?? []), parse.GetValue(json))));

        var name = new Argument<string>("NAME") { Description = $"The policy: {string.Join(", ", SkbPolicies.BuiltIn)}" };
        var show = new Option<bool>("--show") { Description = "Print the policy's SQL (and where it comes from) instead of running it" };
        command.Subcommands.Add(Sub("policy", "Run a policy (or show its SQL); parameters as :name=value", [name], [parameters, json, show], (skb, parse) =>
        {
            if (parse.GetValue(show))
            {
                var (text, origin) = skb.Policies.Load(parse.GetValue(name)!);
                Console.WriteLine($"-- {origin}");
                Console.WriteLine(text);
                return CliErrors.Ok;
            }

            return ShowRows(skb.Policy(parse.GetValue(name)!, parse.GetValue(parameters) ?? []), parse.GetValue(json));
        }));

        command.Subcommands.Add(Sub("facts", "List the fact tables, their sizes, and how the latencies were found", [], [], (skb, _) =>
        {
            var tables = skb.Query(SkbViews.TablesQuery);
            AnsiConsole.Write(SkbViews.Facts(skb.Query(SkbViews.SummaryQuery), tables, skb.Query(SkbViews.CountQuery(tables))));
            return CliErrors.Ok;
        }));

        var core = new Argument<int>("CORE") { Description = "The source core" };
        command.Subcommands.Add(Sub("tree", "Draw the multicast route from a core, with the round trip of every edge", [core], [], (skb, parse) =>
        {
            var source = parse.GetValue(core);
            if (source < 0 || source >= skb.Facts.Topology.CoreCount)
            {
                throw new SharpfishException(ErrorCode.BadArgument, $"core {source} does not exist (cores 0-{skb.Facts.Topology.CoreCount - 1})");
            }

            AnsiConsole.Write(SkbViews.Route(source, SkbRoutes.Route(skb, source)));
            return CliErrors.Ok;
        }));

        var output = new Option<string?>("--out") { Description = "Also draw the heat map as an image (.png or .svg)", HelpName = "FILE" };
        command.Subcommands.Add(Sub("latency", "Show the round-trip latency between every pair of cores as a heat map", [], [output], (skb, parse) =>
        {
            var n = skb.Facts.Topology.CoreCount;
            var matrix = new double[n, n];
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    matrix[a, b] = skb.Facts.Latency.RoundTripNs(a, b);
                }
            }

            if (parse.GetValue(output) is { } file)
            {
                SkbLatencyPlot.Write(matrix, $"{skb.Facts.Topology.Name} ({skb.Facts.Measurement.Method})", file);
                Console.WriteLine($"wrote {file}");
            }

            if (parse.GetValue(output) is null || n <= SkbViews.MaxHeatMapCores)
            {
                AnsiConsole.Write(SkbViews.HeatMap(matrix));
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>A subcommand with the machine and SKB options, whose body gets the SKB's database.</summary>
    private static Command Sub(string name, string description, Argument[] arguments, Option[] options, Func<SkbDatabase, ParseResult, int> body)
    {
        var machine = new MachineOptions();
        var skbOptions = new SkbCliOptions();
        var command = new Command(name, description);
        machine.AddTo(command);
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }

        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        skbOptions.AddTo(command);

        command.SetAction(parse => CliErrors.Run(() =>
        {
            using var platform = machine.Create(parse, new PlatformConsole(Console.Out, null));
            var parsed = skbOptions.Parse(parse);
            using var skb = SkbDatabase.Create(SkbFacts.Gather(platform, parsed), parsed);
            return body(skb, parse);
        }));
        return command;
    }

    private static int ShowRows(SkbResult result, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new SkbRowsJson(result.Columns, result.Rows), CliJson.Default.SkbRowsJson));
        }
        else
        {
            AnsiConsole.Write(SkbViews.Rows(result));
        }

        return CliErrors.Ok;
    }
}

/// <summary>Query rows as <c>skb query --json</c> writes them.</summary>
internal sealed record SkbRowsJson(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);

/// <summary>The latency heat map as an image.</summary>
internal static class SkbLatencyPlot
{
    public static void Write(double[,] matrix, string title, string file)
    {
        var n = matrix.GetLength(0);
        var plot = new ScottPlot.Plot();
        var cells = new double[n, n]; // the plot's first row is its top: flip, so core 0 sits at the origin
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                cells[n - 1 - a, b] = a == b ? double.NaN : matrix[a, b]; // no colour for a core to itself
            }
        }

        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        plot.Add.ColorBar(heatmap).Label = "round trip (ns)";
        plot.Title($"Round-trip latency between cores: {title}");
        plot.XLabel("core");
        plot.YLabel("core");
        var size = Math.Clamp(160 + (n * 16), 480, 1600);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        switch (Path.GetExtension(file).ToLowerInvariant())
        {
            case ".png":
                plot.SavePng(file, size + 120, size);
                break;
            case ".svg":
                plot.SaveSvg(file, size + 120, size);
                break;
            default:
                throw new SharpfishException(ErrorCode.BadArgument, $"--out {file}: the image must be a .png or a .svg");
        }
    }
}
