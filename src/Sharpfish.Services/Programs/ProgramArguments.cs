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
}
