using CsCheck;
using Sharpfish.Capabilities;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>The home core's free-memory ranges against a reference: one flag per unit of memory.</summary>
public class FreeRamTests
{
    private const int Units = 64;

    [Fact]
    public void Adds_and_removes_agree_with_a_flag_per_unit() =>
        Gen.Select(Gen.Bool, Gen.Int[0, Units], Gen.Int[0, Units]).List[1, 40].Sample(steps =>
        {
            var free = new FreeRam();
            var flags = new bool[Units];
            foreach (var (add, a, b) in steps)
            {
                var (first, end) = (Math.Min(a, b), Math.Max(a, b));
                if (add)
                {
                    free.Add((ulong)first, (ulong)end);
                }
                else
                {
                    free.Remove((ulong)first, (ulong)end);
                }

                Array.Fill(flags, add, first, end - first);
            }

            var inUse = free.InUse(0, Units).SelectMany(r => Enumerable.Range((int)r.First, (int)(r.End - r.First))).ToHashSet();
            Assert.Equal(Enumerable.Range(0, Units).Where(u => !flags[u]), inUse.Order());
            Assert.Equal(free.InUse(10, 20).Sum(r => (long)(r.End - r.First)), Enumerable.Range(10, 10).Count(u => !flags[u]));
        });
}
