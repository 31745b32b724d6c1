using Sharpfish.Errors;

namespace Sharpfish.Domains;

/// <summary>
/// A program's arguments on the wire (spawn.if, monitor.if): each argument ended by a NUL, as Linux's
/// <c>/proc/PID/cmdline</c>, so an argument keeps its spaces and quotes from the shell to the program.
/// </summary>
public static class Argv
{
    private const char End = '\0';

    /// <summary>The arguments as one string.</summary>
    /// <exception cref="SharpfishException">An argument holds a NUL (BadArgument).</exception>
    public static string Encode(IReadOnlyList<string> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Contains(End, StringComparison.Ordinal))
            {
                throw new SharpfishException(ErrorCode.BadArgument, "an argument holds a NUL character, which ends an argument");
            }
        }

        return string.Concat(arguments.Select(a => a + End));
    }

    /// <summary>The arguments <see cref="Encode"/> made.</summary>
    /// <exception cref="SharpfishException">The last argument is not ended (MalformedMessage).</exception>
    public static IReadOnlyList<string> Decode(string argv) =>
        argv.Length == 0
            ? []
            : argv[^1] == End
                ? argv[..^1].Split(End)
                : throw new SharpfishException(ErrorCode.MalformedMessage, "the program's arguments do not end in a NUL");
}
