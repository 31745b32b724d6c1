namespace Sharpfish.Platform.Topology;

/// <summary>
/// Linux's <c>/proc/cpuinfo</c>: "key : value" lines, a block per processor. Every processor of one machine reports
/// the same model, clock and flags, so the first value of each key stands for all.
/// </summary>
public static class CpuInfo
{
    /// <summary>The first value of every key in <paramref name="text"/>.</summary>
    public static IReadOnlyDictionary<string, string> FirstValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                _ = values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return values;
    }
}
