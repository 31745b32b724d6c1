using Xunit;

namespace Sharpfish.Tests.Services;

[Collection(HostedCoresCollection.Name)]
public class HostedBootTests
{
    [Fact]
    public void Boots_every_host_core_pinned_and_halts()
    {
        var cores = Math.Min(Environment.ProcessorCount, 4);
        using var platform = TestSystem.Hosted(cores);
        var (result, output) = TestSystem.Boot(platform, "cores", cores > 1 ? "ping 1 20" : "help", "halt");

        Assert.Equal(0, result.ExitCode);
        Assert.True(platform.Pinned);
        Assert.Contains($"booted {cores} core(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void More_cores_than_the_host_has_run_unpinned()
    {
        using var platform = TestSystem.Hosted(Environment.ProcessorCount + 6);
        var (result, output) = TestSystem.Boot(platform, "ping 7 5", "halt");

        Assert.Equal(0, result.ExitCode);
        Assert.False(platform.Pinned);
        Assert.Contains($"booted {Environment.ProcessorCount + 6} core(s)", output, StringComparison.Ordinal);
        Assert.Contains("5 round trip(s) to core 7", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idle_system_blocks_its_cores_and_a_doorbell_wakes_them()
    {
        using var platform = TestSystem.Hosted(2);
        var (result, output) = TestSystem.Boot(platform, "sleep 0.3", "ping 1 3", "halt");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3 round trip(s) to core 1", output, StringComparison.Ordinal);
        var core1 = platform.StatisticsOf(1)!;
        Assert.True(core1.Sleeps >= 1, "core 1 never blocked");
        // Most of the 0.3 s idle period was spent blocked, not polling.
        Assert.True(core1.SleptNs > 150_000_000, $"core 1 slept only {core1.SleptNs} ns of an idle 0.3 s");
    }
}
