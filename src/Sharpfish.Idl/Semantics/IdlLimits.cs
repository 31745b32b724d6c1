namespace Sharpfish.Idl.Semantics;

/// <summary>Sizes the checker accepts. A bound beyond these is almost certainly a typo, and a message beyond them
/// would hold a channel for tens of thousands of fragments.</summary>
public static class IdlLimits
{
    /// <summary>Largest String bound, dynamic-array maximum, fixed-array length and type size: 1 MiB.</summary>
    public const int MaxBound = 1 << 20;

    /// <summary>Largest encoded message: 16 MiB.</summary>
    public const int MaxMessageBytes = 16 << 20;
}
