using System.CommandLine;
using Sharpfish.Cli.Commands;

namespace Sharpfish.Cli;

/// <summary>The <c>sharpfish</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Sharpfish: the multikernel operating system of the SOSP 2009 paper, in C#, hosted on Linux or simulated")
        {
            BootCommand.Create(),
            TopologyCommand.Create(),
            MachinesCommand.Create(),
        };
        var parse = root.Parse(args);
        var code = parse.Invoke();
        return parse.Errors.Count > 0 ? CliErrors.Usage : code; // POSIX: a bad command line is exit code 2
    }
}
