using Xunit;

namespace Sharpfish.Tests.Services;

public class SimulatedBootTests
{
    [Fact]
    public void Amd_8x4_boots_32_cores_and_halts()
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed: 7);
        var (result, output) = TestSystem.Boot(platform, "cores", "ping 31", "halt");

        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Error);
        Assert.Contains("booted 32 core(s)", output, StringComparison.Ordinal);
        Assert.Contains("round trip(s) to core 31", output, StringComparison.Ordinal);
        for (var core = 1; core < 32; core++)
        {
            Assert.Contains($"core {core}: up in", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_seed_replays_the_same_run_bit_for_bit()
    {
        string Run(out ulong digest, out long steps)
        {
            using var platform = TestSystem.Simulated("amd-8x4", seed: 7);
            var output = TestSystem.Boot(platform, "ping 17", "sleep 0.001", "ping 3").Output;
            digest = platform.ScheduleDigest;
            steps = platform.Steps;
            return output;
        }

        var first = Run(out var digest1, out var steps1);
        var second = Run(out var digest2, out var steps2);
        Assert.Equal(first, second);
        Assert.Equal(digest1, digest2);
        Assert.Equal(steps1, steps2);
    }

    [Fact]
    public void Different_seeds_interleave_the_cores_differently()
    {
        var digests = new HashSet<ulong>();
        for (var seed = 1; seed <= 8; seed++)
        {
            using var platform = TestSystem.Simulated("2x8x2", seed);
            var (result, _) = TestSystem.Boot(platform, "halt");
            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}");
            digests.Add(platform.ScheduleDigest);
        }

        Assert.True(digests.Count > 1, "eight seeds gave one single interleaving");
    }

    [Fact]
    public void A_thousand_and_twenty_four_cores_boot()
    {
        using var platform = TestSystem.Simulated("32x32", seed: 1);
        var (result, output) = TestSystem.Boot(platform, "halt");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("booted 1024 core(s)", output, StringComparison.Ordinal);
        Assert.Contains("cores 1-1023: up in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_core_that_fails_to_start_fails_the_boot_naming_it_and_the_others_halt()
    {
        using var platform = TestSystem.Simulated("amd-4x4", seed: 3, failing: new HashSet<int> { 5 });
        var (result, output) = TestSystem.Boot(platform, "halt");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("core 5", result.Error, StringComparison.Ordinal);
        Assert.Contains("failed to start", result.Error, StringComparison.Ordinal);
        Assert.Contains("core 4: up in", output, StringComparison.Ordinal);
        Assert.Null(platform.StatisticsOf(5));
    }

    [Fact]
    public void Idle_cores_sleep_until_woken_instead_of_polling()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 1);
        var (result, _) = TestSystem.Boot(platform, "sleep 1", "ping 3", "halt");

        Assert.Equal(0, result.ExitCode);
        // A second of idleness costs only a handful of steps: nobody spins through virtual time.
        Assert.True(platform.Steps < 2_000, $"{platform.Steps} steps for an idle second");
        Assert.True(platform.MaxCycles >= 2_800_000_000, "the sleep did not last a (virtual) second");
    }

    [Fact]
    public void Bad_shell_commands_are_reported_and_the_system_carries_on()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 1);
        var (result, output) = TestSystem.Boot(platform, "frobnicate", "ping 9", "ping x", "sleep -1", "ping 1 2", "halt");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", output, StringComparison.Ordinal);
        Assert.Contains("ping: core 9 does not exist (cores 0-3)", output, StringComparison.Ordinal);
        Assert.Contains("ping: 'x' is not a core number (cores 0-3)", output, StringComparison.Ordinal);
        Assert.Contains("sleep: '-1' is not a number of seconds", output, StringComparison.Ordinal);
        Assert.Contains("2 round trip(s) to core 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_power_button_halts_a_running_system()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 1);
        platform.PressPowerButton();
        var (result, output) = TestSystem.Boot(platform, "sleep 100");

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.Contains("power button: halting", output, StringComparison.Ordinal);
        Assert.True(platform.MaxCycles < 2_800_000_000L * 100, "the sleep was not cut short");
    }
}
