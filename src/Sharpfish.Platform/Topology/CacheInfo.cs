namespace Sharpfish.Platform.Topology;

/// <summary>What a cache holds.</summary>
public enum CacheKind
{
    /// <summary>Data and instructions.</summary>
    Unified,
    /// <summary>Data only.</summary>
    Data,
    /// <summary>Instructions only.</summary>
    Instruction,
}

/// <summary>One cache instance and the cores (Sharpfish ids, ascending) that share it.</summary>
public sealed record CacheInfo(int Level, CacheKind Kind, long SizeBytes, IReadOnlyList<int> Cores)
{
    /// <summary>"L2 1 MiB" style name.</summary>
    public string Name => $"L{Level}{Kind switch { CacheKind.Data => "d", CacheKind.Instruction => "i", _ => "" }} {FormatSize(SizeBytes)}";

    /// <summary>Bytes as KiB/MiB, the way cache sizes are written.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        0 => "?",
        >= 1 << 20 when bytes % (1 << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1 << 10 => $"{bytes >> 10} KiB",
        _ => $"{bytes} B",
    };
}
