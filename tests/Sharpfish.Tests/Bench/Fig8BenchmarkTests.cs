using Sharpfish.Bench.Retype;
using Xunit;

namespace Sharpfish.Tests.Bench;

/// <summary>Figure 8 on the simulated paper machine: the retype domain's measurements come out of the system through
/// the result port, one point per core count, pipelined retypes cheaper than single ones.</summary>
public class Fig8BenchmarkTests
{
    [Fact]
    public void Retypes_are_measured_on_every_core_count()
    {
        var report = Fig8Benchmark.Run("amd-2x2", simulated: true, ghz: 2.8, quick: true, [2, 4], batches: 1, warmUp: TimeSpan.Zero,
            cores => TestSystem.Simulated("amd-2x2", seed: 1, cores: cores), _ => { });

        Assert.Equal([2, 4], report.Points.Select(p => p.Cores));
        Assert.All(report.Points, p => Assert.True(p.Single > p.Pipelined && p.Pipelined > 0, $"{p}"));
    }
}
