using CsCheck;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// The capability database against its reference model: random sequences of retype, copy, mint, delete, revoke,
/// identify and transfer between two CSpaces, many seeds; after every step both agree, no unrelated objects
/// overlap, revoke left nothing, RAM is accounted for, and a refused invocation changed nothing. A failure prints
/// its seed (CsCheck) and the last invocations.
/// </summary>
public class CapabilityModelTests
{
    [Fact]
    public void Random_invocations_agree_with_the_reference_model()
    {
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1], Gen.Int[0, 5000], Gen.Int[0, 5000], Gen.Int[0, 5000]).Array[20, 120]
            .Sample(steps =>
            {
                var harness = new CapabilityHarness();
                foreach (var (op, a, b, c, d) in steps)
                {
                    harness.Step(op, a, b, c, d);
                }

                if (harness.TearDown())
                {
                    Assert.True(harness.Free == harness.Db.TotalRam, harness.Describe($"after tear-down only {harness.Free} of {harness.Db.TotalRam} bytes are free"));
                }
            }, iter: 300, threads: 1, print: steps => $"{steps.Length} steps");
        foreach (var kind in new[] { "retype", "copy", "mint", "delete", "revoke", "transfer" })
        {
            Assert.True(CapabilityHarness.Successes.GetValueOrDefault(kind) > 20, $"only {CapabilityHarness.Successes.GetValueOrDefault(kind)} successful {kind}s: the sequences do too little");
        }
    }
}
