using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sharpfish.Bench.Harness;
using Spectre.Console;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary>Options every benchmark takes, and how each shows progress and writes its results.</summary>
internal sealed class BenchOptions
{
    public Option<bool> Quick { get; } = new("--quick") { Description = "A short smoke run (seconds); its numbers are not to be quoted" };

    public Option<bool> Json { get; } = new("--json") { Description = "Write the results as JSON on stdout instead of tables" };

    public Option<string> Out { get; } = new("--out")
    {
        Description = "Folder for the JSON results and plots",
        HelpName = "DIR",
        DefaultValueFactory = _ => "bench-results",
    };

    /// <summary>A benchmark command taking these options and the machine's <c>--cores</c>.</summary>
    public Command Command(string name, string description, MachineOptions machine, Func<ParseResult, int> action)
    {
        var command = new Command(name, description);
        command.Options.Add(machine.Cores);
        command.Options.Add(Quick);
        command.Options.Add(Json);
        command.Options.Add(Out);
        command.SetAction(parse => CliErrors.Run(() => action(parse)));
        return command;
    }

    public Scale ScaleOf(ParseResult parse) => parse.GetValue(Quick) ? Scale.Quick : Scale.Full;

    /// <summary>Runs <paramref name="benchmark"/> with a progress bar on a terminal, or step lines on stderr.</summary>
    public static T WithProgress<T>(string title, Func<Action<BenchProgress>, T> benchmark)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return benchmark(p => Console.Error.WriteLine($"[{p.Step}/{p.Steps}] {p.Description}"));
        }

        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title);
                result = benchmark(p =>
                {
                    task.MaxValue = p.Steps;
                    task.Value = p.Step;
                    task.Description = Markup.Escape($"{title}: {p.Description}");
                });
            });
        return result;
    }

    /// <summary>Writes the results (and whatever <paramref name="alsoWrite"/> makes in the same folder, plots);
    /// unless --json, renders them and names the files. Returns the exit code.</summary>
    public int Finish<T>(ParseResult parse, string name, T results, JsonTypeInfo<T> type, Action<T> render, Func<string, IEnumerable<string>>? alsoWrite = null)
    {
        var path = Write(parse, name, results, type);
        var files = alsoWrite is null ? [path] : alsoWrite(Path.GetDirectoryName(path)!).Prepend(path).ToList();
        if (!parse.GetValue(Json))
        {
            render(results);
            AnsiConsole.MarkupLine($"results: [bold]{Markup.Escape(string.Join(", ", files))}[/]");
        }

        return CliErrors.Ok;
    }

    /// <summary>Writes the results to <c>DIR/NAME.json</c>, and to stdout with --json; returns the file's path.</summary>
    private string Write<T>(ParseResult parse, string name, T results, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.Serialize(results, type);
        var folder = parse.GetValue(Out)!;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.json");
        File.WriteAllText(path, json + "\n");
        if (parse.GetValue(Json))
        {
            Console.WriteLine(json);
        }

        return path;
    }
}
