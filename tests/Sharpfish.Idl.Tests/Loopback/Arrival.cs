using System.Collections;
using System.Globalization;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>One message as a comparable string, "name(arg|arg|…)" with arrays as "[a,b]", so that what was sent
/// and what arrived compare with a plain Assert.Equal.</summary>
public static class Arrival
{
    public static string Of(string message, params object?[] args) => $"{message}({string.Join("|", args.Select(Format))})";

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IEnumerable items => $"[{string.Join(",", items.Cast<object?>().Select(Format))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
