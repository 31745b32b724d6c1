namespace Sharpfish.Idl.Semantics;

/// <summary>Sizes saturate at <see cref="Huge"/> instead of overflowing, so nested arrays of any declared size
/// stay comparable with the limits.</summary>
internal static class SizeMath
{
    public const long Huge = long.MaxValue / 4;

    public static long Multiply(long a, long b) => a != 0 && b > Huge / a ? Huge : Math.Min(a * b, Huge);

    public static long Sum(IEnumerable<long> sizes) => sizes.Aggregate(0L, (total, size) => Math.Min(total + size, Huge));
}
