using Sharpfish.Domains;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// Distributed capabilities on two real cores, where the monitors truly run at once: random operations against the
/// reference model; both cores working on one capability at once (wait-die queueing, ownership, memory back exactly
/// once); two unchecked storms at once followed by the invariants between cores. No lock is left behind.
/// </summary>
[Collection(HostedCoresCollection.Name)]
public class HostedCapabilityTests
{
    [Fact]
    public void Random_operations_agree_with_the_model_on_two_host_cores() =>
        Run(["spawn capcheck --wait 11 120"], "capcheck passed 120 steps", 1);

    [Fact]
    public void Both_host_cores_retype_revoke_and_delete_one_capability_at_once() =>
        Run(["spawn caprace --wait 12", "spawn caprace --core 1 --wait 13"], "caprace passed", 2);

    [Fact]
    public void Two_storms_at_once_leave_consistent_cores_and_no_lock() =>
        Run([
            "spawn capstorm --core 0 14 150", "spawn capstorm --core 1 15 150", $"wait {Identifiers.Domain(0, 5):x}", $"wait {Identifiers.Domain(1, 2):x}",
            "spawn capcheck --wait 16 0",
        ], "capcheck passed the invariants", 1);

    private static void Run(string[] commands, string passed, int times)
    {
        using var platform = TestSystem.Hosted(2);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform, [.. commands, "halt"],
            [DistributedCapabilityDriver.Module, DistributedCapabilityDriver.Storm, CapRaceProgram.Module]);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{string.Join("\n", monitors.Select(m => m?.Caps.Describe()))}\n{output}");
        Assert.True(times == output.Split(passed).Length - 1, output);
        DistributedCapabilityTests.AssertUnlocked(monitors, seed: 0);
    }
}
