using System.Globalization;
using CsCheck;
using Sharpfish.Domains;
using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Monitors;

/// <summary>
/// The running multikernel on the simulated platform, over many seeds: boot with a full monitor mesh, spawn on every
/// core, bind across cores by name, kill domains mid-RPC, faulting domains; after every scenario every core's replica
/// of the domain table is the same.
/// </summary>
public class MultikernelTests
{
    [Theory]
    [InlineData("amd-8x4", 32)]
    [InlineData("16x16", 256)]
    public void Boots_with_a_full_monitor_mesh_and_equal_replicas(string machine, int cores)
    {
        using var platform = TestSystem.Simulated(machine, seed: 5);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform, ["ps", "halt"], fullMesh: true);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.All(monitors, m => Assert.Equal(cores - 1, m!.LinkCount));
        var table = Replicas.AssertEqual(monitors, machine);
        Assert.Equal(cores, table.Rows.Count(r => r.Name == "spawnd" && r.State == DomainState.Running));
        Assert.Single(table.Rows, r => r.Name == "nameservice");
    }

    [Fact]
    public void Spawns_on_every_core() =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("amd-8x4", seed);
            var commands = Enumerable.Range(0, 32).Select(c => $"spawn hello --core {c} {c}").Append("ps").Append("halt").ToArray();
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform, commands);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            var table = Replicas.AssertEqual(monitors, $"seed {seed}");
            var hellos = table.Rows.Where(r => r.Name == "hello").ToArray();
            Assert.Equal(32, hellos.Length);
            Assert.All(hellos, h => Assert.Equal([h.Home], h.Cores));
            Assert.Equal(32, hellos.Select(h => h.Home).Distinct().Count());
            for (var core = 0; core < 32; core++)
            {
                Assert.Contains($"on core {core}] hello, world ('{core}')", output, StringComparison.Ordinal);
            }
        }, iter: 4, threads: 1);

    [Fact]
    public void Spawn_refuses_the_systems_own_programs_and_passes_quoted_arguments_whole()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 3);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            ["spawn skb --core 3", "spawn spawnd --core 1", "spawn fish", "spawn nameservice --core 2", "spawn hello --core 1 --wait 'a b' \"c;d\" ''", "halt"]);

        Assert.True(result.ExitCode == 1, $"a script with refused commands exits 1\n{output}");
        foreach (var (program, core) in new[] { ("skb", 3), ("spawnd", 1), ("fish", 0), ("nameservice", 2) })
        {
            Assert.Contains($"spawn: '{program}' on core {core}: a system program, started only at boot", output, StringComparison.Ordinal);
        }

        Assert.Contains("hello, world ('a b', 'c;d', '')", output, StringComparison.Ordinal);
        var table = Replicas.AssertEqual(monitors, "system programs");
        Assert.Single(table.Rows, r => r.Name == "skb");
        Assert.Single(table.Rows, r => r.Name == "fish");
        Assert.Equal(4, table.Rows.Count(r => r.Name == "spawnd"));
    }

    [Fact]
    public void Binds_by_name_from_any_core_to_any_core() =>
        Gen.Select(Gen.Long, Gen.Int[0, 31], Gen.Int[0, 31]).Sample((seed, server, client) =>
        {
            using var platform = TestSystem.Simulated("amd-8x4", seed);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                $"spawn pingpong --core {server} serve echo", $"spawn pingpong --core {client} --wait connect echo 20", "halt",
            ]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            // Core 0 exports the name service, skb and spawnd before pingpong; other cores only spawnd.
            Assert.Contains($"20 round trips to iref {Identifiers.Iref(server, server == 0 ? 4u : 2u):x} on core {server}", output, StringComparison.Ordinal);
            Assert.Contains("ended with exit code 0", output, StringComparison.Ordinal);
            Replicas.AssertEqual(monitors, $"seed {seed}");
        }, iter: 12, threads: 1, print: t => $"seed {t.Item1}, server core {t.Item2}, client core {t.Item3}");

    [Fact]
    public void Killing_a_spanning_domain_mid_rpc_ends_it_on_every_core() =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("amd-4x4", seed);
            var pingpong = Identifiers.Domain(5, 2);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                "spawn pingpong --core 5 100000000", "sleep 0.0002", $"kill {pingpong:x}", $"wait {pingpong:x}", "ps", "halt",
            ]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            var table = Replicas.AssertEqual(monitors, $"seed {seed}");
            var row = table.Find(pingpong)!;
            Assert.Equal(DomainState.Killed, row.State);
            Assert.Equal([5, 6], row.Cores);
            Assert.All(monitors, m => Assert.Null(m!.Domains.Find(pingpong)));
        }, iter: 6, threads: 1);

    [Fact]
    public void Killing_a_server_mid_rpc_closes_its_clients_bindings() =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("amd-4x4", seed);
            var server = Identifiers.Domain(3, 2);
            var client = Identifiers.Domain(9, 2);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                "spawn pingpong --core 3 serve echo", "spawn pingpong --core 9 connect echo 100000000", "sleep 0.0002",
                $"kill {server:x}", $"wait {client:x}", "halt",
            ]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.Contains("the server went away", output, StringComparison.Ordinal);
            Assert.Contains($"domain {client:x} ended with exit code 2", output, StringComparison.Ordinal);
            var table = Replicas.AssertEqual(monitors, $"seed {seed}");
            Assert.Equal(DomainState.Killed, table.Find(server)!.State);
            Assert.Equal(DomainState.Exited, table.Find(client)!.State);
        }, iter: 6, threads: 1);

    [Fact]
    public void A_faulting_domain_ends_and_its_core_carries_on()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 2);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
        [
            "spawn fault --core 2 --wait boom", "spawn hello --core 2 --wait", "halt",
        ]);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.Contains("faulted on core 2: InvalidOperationException: boom", output, StringComparison.Ordinal);
        Assert.Contains($"ended with exit code {LocalDomains.FaultedExitCode}", output, StringComparison.Ordinal);
        Assert.Contains("ended with exit code 0", output, StringComparison.Ordinal);
        var table = Replicas.AssertEqual(monitors, "fault");
        Assert.Equal(DomainState.Faulted, table.Rows.Single(r => r.Name == "fault").State);
    }

    [Fact]
    public void A_domain_that_keeps_its_core_past_its_time_slice_is_reported_then_ended()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 4);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
        [
            "spawn spin --core 1 --wait 0.3 --no-yield", "spawn spin --core 2 --wait 2 --slice 150", "spawn spin --core 3 1 --slice 0.01", "ping 3 1", "halt",
        ]);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.DoesNotContain("domain 100002 (spin) ran", output, StringComparison.Ordinal); // one long upcall alone is not reported
        Assert.Contains("domain 100002 ended with exit code 0", output, StringComparison.Ordinal);
        Assert.Contains("core 2: domain 200002 (spin) ran 150 ms without yielding (time slice 2 ms); the monitor and every other dispatcher of the core waited (2 of 3 in a row)", output, StringComparison.Ordinal);
        Assert.Contains("(3 of 3 in a row)", output, StringComparison.Ordinal);
        Assert.Contains("domain 200002 faulted on core 2: SharpfishException: ran past its time slice 3 upcalls in a row", output, StringComparison.Ordinal);
        Assert.DoesNotContain("domain 300002 faulted", output, StringComparison.Ordinal);
        Assert.Matches(@"1 round trip\(s\) to core 3: min \d+(\.\d)? µs", output); // a spinner that yields lets the monitor in at once
        var table = Replicas.AssertEqual(monitors, "overrun");
        Assert.Equal(DomainState.Faulted, table.Find(Identifiers.Domain(2, 2))!.State);
    }

    [Fact]
    public void Bad_requests_get_clear_errors_and_the_system_keeps_running()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 3);
        var dead = Identifiers.Domain(1, 2);
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
        [
            "spawn nosuch", "spawn hello --core 9", "kill ffff", "wait ffff", "spawn",
            "spawn pingpong --core 1 serve twice", "spawn pingpong --core 2 --wait serve twice",
            $"kill {dead:x}", "spawn pingpong --core 3 --wait connect twice 5",
            "spawn hello --core 3 --wait", "halt",
        ]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spawn: 'nosuch' on core 0: unknown program", output, StringComparison.Ordinal);
        Assert.Contains("spawn: core 9 does not exist (cores 0-3)", output, StringComparison.Ordinal);
        Assert.Contains("could not kill domain ffff: unknown domain", output, StringComparison.Ordinal);
        Assert.Contains("could not wait for domain ffff: unknown domain", output, StringComparison.Ordinal);
        Assert.Contains("could not register 'twice': name already registered", output, StringComparison.Ordinal);
        Assert.Contains("could not bind to iref", output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"ended with exit code {LocalDomains.FaultedExitCode}"), output, StringComparison.Ordinal);
        Assert.EndsWith("ended with exit code 0\nfish> halt\n", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Replicas.AssertEqual(monitors, "bad requests");
    }
}
