using System.Text.RegularExpressions;
using CsCheck;
using Sharpfish.Domains;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// Capabilities as arguments of IDL messages, on the simulated platform over several seeds: a frame shared over LMP
/// (client and sharer on one core) and over URPC (two cores) arrives in the receiver's CSpace (moved out of its
/// receive slot into one of the receiver's own), a <c>cap</c> argument leaves the sender its copy and a
/// <c>give_away_cap</c> leaves the sender's slot empty, and two capabilities of one message go together (all or
/// none); an empty or malformed CapRef, a capability without the grant right and a full receiver are refused with
/// their own errors and the capability stays with the sender. A client killed while its capabilities cross cores
/// leaves no lock on any core; once the sharer (which may hold a copy that could not go back) ends too, all the
/// memory is back in mem_serv. A reply whose capability cannot reach a full client fails the client's call with
/// CSpaceFull (the sharer keeps the capability), and a message dropped as broken takes its capability with it (deleted,
/// its receive slot free) so that the next message gets its own. A failure prints its seed.
/// </summary>
public class CapTransferTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_frame_goes_there_and_back_and_bad_sends_are_refused(bool sameCore) =>
        Gen.Select(Gen.Long, Gen.Int[0, 3], Gen.Int[1, 3]).Sample((seed, client, offset) =>
        {
            var server = sameCore ? client : (client + offset) % 4;
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                "spawn mem_serv", $"spawn sharer --core {server} copy", $"spawn sharer --core {server} hoard",
                $"spawn sharecli --core {client} --wait {server} copy", $"spawn sharecli --core {client} --wait {server} hoard", "halt",
            ], [CapTransferPrograms.Sharer, CapTransferPrograms.Client]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.True(output.Contains("sharecli copy ok", StringComparison.Ordinal), $"seed {seed}, client on core {client}, sharer on {server}:\n{output}");
            Assert.True(output.Contains("sharecli hoard ok", StringComparison.Ordinal), $"seed {seed}, client on core {client}, sharer on {server}:\n{output}");
            DistributedCapabilityTests.AssertUnlocked(monitors, seed);
        }, iter: 3, threads: 1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_reply_whose_capability_finds_the_client_full_fails_the_call_and_the_sharer_keeps_it(bool sameCore) =>
        Run(sameCore, "full", iter: 2);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_dropped_message_takes_its_capability_with_it_and_the_next_message_gets_its_own(bool sameCore) =>
        Run(sameCore, "drop", iter: 3);

    [Fact]
    public void A_client_killed_with_capabilities_crossing_cores_leaves_no_lock() =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var (storm, sharer) = (Identifiers.Domain(1, 2), Identifiers.Domain(2, 2));
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
            [
                "spawn mem_serv", "spawn sharer --core 2 copy", "spawn sharecli --core 1 2 storm", "sleep 0.003", $"kill {storm:x}", $"wait {storm:x}",
                "sleep 0.001", $"kill {sharer:x}", $"wait {sharer:x}", "mem", "sleep 0.001", "mem", "halt",
            ], [CapTransferPrograms.Sharer, CapTransferPrograms.Client]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.True(output.Contains("ended with exit code -9", StringComparison.Ordinal), $"seed {seed}: the storm was not killed\n{output}");
            // The first mem lets mem_serv sweep up its copies of what the client held; the memory comes back after.
            Assert.True(Regex.Matches(output, @"│ all +│ +│ [^│]+│ [^│]+│ 4 MiB +│")[^1].Value.Contains("│ 0 B ", StringComparison.Ordinal), $"seed {seed}: with both domains gone, their memory is not all back\n{output}");
            DistributedCapabilityTests.AssertUnlocked(monitors, seed);
        }, iter: 4, threads: 1);

    // sharecli MODE against sharer copy, on one core or two, over several seeds.
    private static void Run(bool sameCore, string mode, int iter) =>
        Gen.Select(Gen.Long, Gen.Int[0, 3], Gen.Int[1, 3]).Sample((seed, client, offset) =>
        {
            var server = sameCore ? client : (client + offset) % 4;
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var (result, output, monitors) = TestSystem.BootWithMonitors(platform,
                ["spawn mem_serv", $"spawn sharer --core {server} copy", $"spawn sharecli --core {client} --wait {server} {mode}", "halt"],
                [CapTransferPrograms.Sharer, CapTransferPrograms.Client]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.True(output.Contains($"sharecli {mode} ok", StringComparison.Ordinal), $"seed {seed}, client on core {client}, sharer on {server}:\n{output}");
            DistributedCapabilityTests.AssertUnlocked(monitors, seed);
        }, iter: iter, threads: 1);
}
