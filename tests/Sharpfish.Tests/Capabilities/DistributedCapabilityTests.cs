using CsCheck;
using Sharpfish.Domains;
using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// Distributed capabilities on the running multikernel, simulated, over many seeds: random retype, copy, mint,
/// delete, revoke, send and give across every core, checked after every step against the reference model
/// (<see cref="DistributedCapabilityDriver"/>); afterwards no core holds a lock. A failure prints its seed.
/// </summary>
public class DistributedCapabilityTests
{
    [Theory]
    [InlineData("intel-2x4", 10, 150)]
    [InlineData("amd-8x4", 4, 120)]
    public void Random_operations_across_cores_agree_with_the_model(string machine, int seeds, int steps) =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated(machine, seed);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform, [$"spawn capcheck --wait {seed} {steps}", "halt"], [DistributedCapabilityDriver.Module]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.True(output.Contains("capcheck passed", StringComparison.Ordinal), $"seed {seed}:\n{Tail(output)}");
            foreach (var kind in new[] { "retype", "copy", "mint", "delete", "revoke", "send", "give" })
            {
                Assert.True(output.Contains($" {kind} ", StringComparison.Ordinal), $"seed {seed}: no successful {kind}: the sequence does too little\n{Tail(output)}");
            }

            AssertUnlocked(monitors, seed);
        }, iter: seeds, threads: 1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concurrent_operations_and_a_domain_killed_mid_operation_leave_no_lock_and_consistent_cores(bool kill) =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("intel-2x4", seed);
            var third = Identifiers.Domain(3, 2);
            string[] ending = kill ? ["sleep 0.002", $"kill {third:x}"] : [];
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                $"spawn capstorm --core 1 {seed} 150", $"spawn capstorm --core 2 {seed + 1} 150", $"spawn capstorm --core 3 {seed + 2} {(kill ? 1_000_000 : 150)}",
                .. ending, $"wait {Identifiers.Domain(1, 2):x}", $"wait {Identifiers.Domain(2, 2):x}", $"wait {third:x}",
                $"spawn capcheck --wait {seed} 0", "halt",
            ], [DistributedCapabilityDriver.Module, DistributedCapabilityDriver.Storm]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{string.Join("\n", monitors.Select(m => m?.Caps.Describe()))}\n{output}");
            Assert.True(output.Contains("capcheck passed", StringComparison.Ordinal), $"seed {seed}:\n{Tail(output)}");
            Assert.Equal(kill ? 2 : 3, output.Split("capstorm done").Length - 1);
            AssertUnlocked(monitors, seed);
        }, iter: 6, threads: 1);

    [Theory]
    [InlineData("intel-2x4")]
    [InlineData("amd-8x4")]
    public void Every_core_retyping_and_revoking_one_capability_at_once_queues_and_agrees(string machine)
    {
        var (queued, restarted) = (0, 0);
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated(machine, seed);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform, [$"spawn caprace --wait {seed}", "halt"], [CapRaceProgram.Module]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{string.Join("\n", monitors.Select(m => m?.Caps.Describe()))}\n{output}");
            Assert.True(output.Contains("caprace passed", StringComparison.Ordinal), $"seed {seed}:\n{Tail(output)}");
            AssertUnlocked(monitors, seed);
            queued += monitors.Sum(m => m!.Caps.Queued);
            restarted += monitors.Sum(m => m!.Caps.Restarted);
        }, iter: 4, threads: 1);

        // Both sides of wait-die ran: prepares and marks queued behind a younger operation, and operations started
        // again when an older one's lock went (no operation sleeps and tries again).
        Assert.True(queued > 0 && restarted > 0, $"queued {queued}, restarted {restarted}: the operations never met on a lock");
    }

    internal static void AssertUnlocked(IReadOnlyList<Monitor?> monitors, long seed)
    {
        foreach (var monitor in monitors)
        {
            Assert.True(monitor!.Cpu.Caps.LockedCount == 0, $"seed {seed}: core {monitor.CoreId} still holds {monitor.Cpu.Caps.LockedCount} lock(s)");
            Assert.True(monitor.Caps.Waiting == 0 && monitor.Caps.Queries.InFlight == 0, $"seed {seed}: core {monitor.CoreId} has capability operations waiting");
        }
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
