using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Services.Programs;

/// <summary>Reading a program's arguments: numbers with a clear error when they are not.</summary>
internal static class ProgramArguments
{
    /// <summary>Argument <paramref name="index"/> as a number, or <paramref name="otherwise"/> when absent.</summary>
    public static long Number(IReadOnlyList<string> arguments, int index, long otherwise, string what) =>
        index >= arguments.Count
            ? otherwise
            : long.TryParse(arguments[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new SharpfishException(ErrorCode.BadArgument, $"{what}: '{arguments[index]}' is not a number of 0 or more");

    /// <summary>Argument <paramref name="index"/> as seconds (fractions allowed), in nanoseconds; <paramref name="otherwise"/> seconds when absent.</summary>
    public static long Seconds(IReadOnlyList<string> arguments, int index, double otherwise, string what) =>
        index >= arguments.Count
            ? (long)(otherwise * 1e9)
            : double.TryParse(arguments[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 1e9
                ? (long)(value * 1e9)
                : throw new SharpfishException(ErrorCode.BadArgument, $"{what}: '{arguments[index]}' is not a number of seconds");

    /// <summary>The value after option <paramref name="option"/>, removed with it from <paramref name="arguments"/>;
    /// null when the option is absent.</summary>
    public static string? TakeOption(List<string> arguments, string option)
    {
        var at = arguments.IndexOf(option);
        if (at < 0)
        {
            return null;
        }

        if (at + 1 >= arguments.Count)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"{option} needs a value");
        }

        var value = arguments[at + 1];
        arguments.RemoveRange(at, 2);
        return value;
    }

    /// <summary>Argument <paramref name="index"/> as one of <paramref name="cores"/> cores.</summary>
    public static int Core(IReadOnlyList<string> arguments, int index, int cores, string what) =>
        index >= arguments.Count
            ? throw new SharpfishException(ErrorCode.BadArgument, $"{what}: which core? (cores 0-{cores - 1})")
            : !int.TryParse(arguments[index], NumberStyles.None, CultureInfo.InvariantCulture, out var core)
                ? throw new SharpfishException(ErrorCode.BadArgument, $"{what}: '{arguments[index]}' is not a core number (cores 0-{cores - 1})")
                : core < cores ? core : throw new SharpfishException(ErrorCode.BadArgument, $"{what}: core {core} does not exist (cores 0-{cores - 1})");
}
