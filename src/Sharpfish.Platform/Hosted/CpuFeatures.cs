using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Hosted;

/// <summary>The host processor's features as Linux reports them (the <c>flags</c> line of /proc/cpuinfo, which the
/// kernel fills from CPUID): the SKB records them as facts.</summary>
public static class CpuFeatures
{
    /// <summary>The feature flags of the first processor in <paramref name="cpuinfo"/>, sorted; empty when the file
    /// is missing or has no flags line (not x86, or not Linux).</summary>
    public static IReadOnlyList<string> Read(string cpuinfo = "/proc/cpuinfo")
    {
        if (!File.Exists(cpuinfo))
        {
            return [];
        }

        var info = CpuInfo.FirstValues(File.ReadAllText(cpuinfo));
        var flags = info.GetValueOrDefault("flags") ?? info.GetValueOrDefault("Features") ?? "";
        return [.. flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
