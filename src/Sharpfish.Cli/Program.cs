using System.CommandLine;
using Spectre.Console;
using Sharpfish.Cli.Commands;
using Sharpfish.Cli.Commands.Bench;

namespace Sharpfish.Cli;

/// <summary>The <c>sharpfish</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160; // files and pipes get whole tables, not 80-column wraps
        }

        var root = new RootCommand("Sharpfish: the multikernel operating system of the SOSP 2009 paper, in C#, hosted on Linux or simulated")
        {
            BootCommand.Create(),
            TopologyCommand.Create(),
            MachinesCommand.Create(),
            BenchCommand.Create(),
            IdlCommand.Create(),
            SkbCommand.Create(),
        };
        var parse = root.Parse(args);
        var code = parse.Invoke();
        return parse.Errors.Count > 0 ? CliErrors.Usage : code; // POSIX: a bad command line is exit code 2
    }
}
