using System.Globalization;
using System.Text;
using Sharpfish.Errors;

namespace Sharpfish.Platform.Topology;

/// <summary>Linux CPU lists such as "0-3,8,10-11" (sysfs <c>*_list</c> files and <c>--cores</c>).</summary>
public static class CpuList
{
    /// <summary>Parses a list into ascending, distinct numbers. An empty or blank text is the empty list.</summary>
    /// <exception cref="SharpfishException">The text is not a CPU list; the message says where.</exception>
    public static IReadOnlyList<int> Parse(string text, int limit = 1 << 16)
    {
        var result = new SortedSet<int>();
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        foreach (var part in trimmed.Split(','))
        {
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || !TryNumber(range[0], out var first) || !TryNumber(range[^1], out var last))
            {
                throw new SharpfishException(ErrorCode.BadCoreList, $"'{part.Trim()}' in '{trimmed}' is not a number or a range like 2-5");
            }

            if (last < first)
            {
                throw new SharpfishException(ErrorCode.BadCoreList, $"range '{part.Trim()}' in '{trimmed}' runs backwards");
            }

            if (last >= limit)
            {
                throw new SharpfishException(ErrorCode.BadCoreList, $"{last} in '{trimmed}' is larger than {limit - 1}");
            }

            for (var i = first; i <= last; i++)
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>Writes ascending numbers back as a compact list ("0-3,8").</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().Order().ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{start}");
            if (sorted[i] != start)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{sorted[i]}");
            }
        }

        return text.ToString();
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
