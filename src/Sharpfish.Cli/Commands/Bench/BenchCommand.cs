using System.CommandLine;

namespace Sharpfish.Cli.Commands.Bench;

/// <summary><c>sharpfish bench</c>: the paper's evaluation on this machine.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Reproduce the paper's evaluation on this machine, against baselines measured in the same run")
    {
        BenchUrpcCommand.Create(),
        BenchFig3Command.Create(),
        BenchLrpcCommand.Create(),
        BenchRpcCommand.Create(),
        BenchShootdownCommand.Create(),
        BenchRetypeCommand.Create(),
    };
}
