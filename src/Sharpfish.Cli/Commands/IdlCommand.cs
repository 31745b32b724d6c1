using System.CommandLine;
using System.Text.Json;
using Sharpfish.Idl;
using Sharpfish.Idl.Diagnostics;

namespace Sharpfish.Cli.Commands;

/// <summary><c>sharpfish idl</c>: the Flounder interface compiler (the same one the source generator runs).</summary>
internal static class IdlCommand
{
    public static Command Create() => new("idl", "Check Flounder interface (.if) files, or generate their C# stubs to read")
    {
        Check(),
        Generate(),
    };

    private static Command Check()
    {
        var files = new Argument<string[]>("FILE") { Description = "Interface and include files, checked together", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Write the diagnostics as JSON" };
        var command = new Command("check", "Check .if files; prints every problem with file, line and column; exit code 1 when any is an error") { files, json };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var diagnostics = IdlCompiler.Check(parse.GetValue(files)!);
            Report(diagnostics, parse.GetValue(json));
            return diagnostics.Any(d => d.IsError) ? CliErrors.Failed : CliErrors.Ok;
        }));
        return command;
    }

    private static Command Generate()
    {
        var file = new Argument<string>("FILE") { Description = "The interface file" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the C# file", HelpName = "DIR", DefaultValueFactory = _ => "." };
        var includes = new Option<string[]>("--include", "-i") { Description = "Include files (type declarations) in scope", HelpName = "FILE" };
        var command = new Command("gen", "Generate the C# stubs of one interface into a folder, to read them") { file, output, includes };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var result = IdlCompiler.Generate(parse.GetValue(file)!, parse.GetValue(includes));
            Report(result.Diagnostics, json: false);
            if (!result.Succeeded)
            {
                return CliErrors.Failed;
            }

            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, result.FileName!);
            File.WriteAllText(path, result.Code);
            Console.WriteLine(path);
            return CliErrors.Ok;
        }));
        return command;
    }

    private static void Report(IReadOnlyList<IdlDiagnostic> diagnostics, bool json)
    {
        if (json)
        {
            var rows = diagnostics.Select(d => new IdlDiagnosticJson(d.Location.File, d.Location.Line, d.Location.Column, d.Severity.ToString().ToLowerInvariant(), d.Id, d.Message)).ToList();
            Console.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListIdlDiagnosticJson));
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }

        var errors = diagnostics.Count(d => d.IsError);
        Console.Error.WriteLine($"{errors} error(s), {diagnostics.Count - errors} warning(s)");
    }
}

/// <summary>One diagnostic, as <c>idl check --json</c> writes it.</summary>
internal sealed record IdlDiagnosticJson(string File, int Line, int Column, string Severity, string Id, string Message);
