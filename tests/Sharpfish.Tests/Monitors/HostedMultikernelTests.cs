using Sharpfish.Domains;
using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Monitors;

/// <summary>
/// The running multikernel's scenarios on two real cores: spawning on each, binding by name across them, a domain
/// spanning both, threads sharing a mutex and barrier, a fault, killing a server mid-RPC, bad requests; every
/// core's replica of the domain table equal at the end.
/// </summary>
[Collection(HostedCoresCollection.Name)]
public class HostedMultikernelTests
{
    [Fact]
    public void Every_scenario_runs_on_two_host_cores_with_equal_replicas()
    {
        using var platform = TestSystem.Hosted(2);
        var server = Identifiers.Domain(1, 3);
        var client = Identifiers.Domain(0, 9); // core 0 runs spawnd, the name service, skb and fish first
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
        [
            "spawn hello --core 0 --wait", "spawn hello --core 1 --wait",
            "spawn pingpong --core 1 serve echo", "spawn pingpong --core 0 --wait connect echo 50",
            "spawn pingpong --wait 100", "spawn threads --wait 2 20", "spawn fault --core 1 --wait",
            "spawn pingpong --core 0 connect echo 100000000", "sleep 0.05", $"kill {server:x}", $"wait {client:x}",
            "spawn nosuch", "spawn hello --core 2", "ps", "halt",
        ]);

        Assert.True(result.ExitCode == 1, $"{result.Error}\n{output}"); // the two bad spawns
        Assert.Contains("on core 0] hello, world", output, StringComparison.Ordinal);
        Assert.Contains("on core 1] hello, world", output, StringComparison.Ordinal);
        Assert.Matches("50 round trips to iref [0-9a-f]+ on core 1", output);
        Assert.Contains("100 round trips to iref", output, StringComparison.Ordinal);
        Assert.Contains("20 rounds, mutex", output, StringComparison.Ordinal);
        Assert.Contains("faulted on core 1: InvalidOperationException: a deliberate fault", output, StringComparison.Ordinal);
        Assert.Contains("the server went away", output, StringComparison.Ordinal);
        Assert.Contains($"domain {client:x} ended with exit code 2", output, StringComparison.Ordinal);
        Assert.Contains("spawn: 'nosuch' on core 0: unknown program", output, StringComparison.Ordinal);
        Assert.Contains("spawn: core 2 does not exist (cores 0-1)", output, StringComparison.Ordinal);
        var table = Replicas.AssertEqual(monitors, "hosted");
        Assert.Equal(DomainState.Killed, table.Find(server)!.State);
        Assert.DoesNotContain(table.Rows, r => r.State == DomainState.Running && r.Name is "pingpong" or "threads" or "hello");
    }
}
