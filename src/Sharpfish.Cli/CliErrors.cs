using Sharpfish.Errors;

namespace Sharpfish.Cli;

/// <summary>Exit codes and the one place errors reach the user: "sharpfish: what went wrong" on stderr.</summary>
internal static class CliErrors
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (boot failed, a shell command failed).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong (POSIX usage error).</summary>
    public const int Usage = 2;

    /// <summary>Runs a command's body, turning Sharpfish errors into a message and an exit code.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SharpfishException e)
        {
            Console.Error.WriteLine($"sharpfish: {e.Describe()}");
            return IsUsage(e.Code) ? Usage : Failed;
        }
    }

    private static bool IsUsage(ErrorCode code) =>
        code is ErrorCode.BadArgument or ErrorCode.UnknownMachine or ErrorCode.BadCoreList or ErrorCode.HostLacksCore;
}
