using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Skb;
using Sharpfish.Services.Boot;
using Sharpfish.Skb;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary>The skb domain on a simulated boot: bad queries get their errors and the domain keeps serving; only
/// privileged domains add facts; the monitors' routes are the SKB's, and the domain table's 2PC runs over them.</summary>
public class SkbDomainTests
{
    [Fact]
    public void Bad_queries_get_clear_errors_and_the_skb_keeps_serving()
    {
        using var platform = TestSystem.Simulated("amd-4x4", seed: 3);
        var (result, output) = TestSystem.Boot(platform,
            "skb query SELEC * FROM cores",
            "skb query INSERT INTO facts VALUES ('a', 'b', 'c')",
            "skb query DROP TABLE cores",
            "skb query ATTACH DATABASE '/tmp/x.db' AS x",
            "skb query PRAGMA writable_schema = 1",
            "skb query WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n",
            "skb query SELECT COUNT(*) AS counted FROM cores",
            "halt");

        Assert.Equal(1, result.ExitCode); // the failed commands
        AssertShows(output,
            "SQLite: near \"SELEC\": syntax error",
            "INSERT is refused",
            "DROP is refused",
            "ATTACH is refused",
            "PRAGMA is refused",
            "narrow the query",
            "counted",
            "│ 16 ");
    }

    [Fact]
    public void Fish_shows_facts_trees_latencies_and_policies()
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed: 1);
        var (result, output) = TestSystem.Boot(platform, "skb facts", "skb tree 0", "skb latency", "skb policy transport :from=0 :to=5", "names", "halt");

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        AssertShows(output,
            "skb: round trips between 32 core(s) from the machine model",
            "latency",
            "7. core 8:",
            "aggregates 3",
            "round trip between cores, ns",
            "urpc",
            "│ skb ");
    }

    [Fact]
    public void Only_privileged_domains_add_facts()
    {
        var probe = new Module("skbprobe", "tries to add a fact", async context =>
        {
            var iref = await context.LookupAsync("skb", wait: true);
            var skb = await context.BindAsync(iref, (tx, rx) => new SkbBinding(tx, rx, new Client()));
            var (err, reason) = await skb.AddFactAsync("facts", "core 0\truns\tskbprobe");
            context.WriteLine($"add_fact: {err} {reason}");
            var (queryErr, count, _) = await skb.QueryAsync("SELECT * FROM facts", "");
            context.WriteLine($"facts: {queryErr} {count}");
            return 0;
        });
        using var platform = TestSystem.Simulated("amd-2x2", seed: 2);
        var (result, output, _) = TestSystem.BootWithMonitors(platform, ["spawn skbprobe --core 3 --wait", "halt"], [probe]);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        AssertShows(output,
            $"add_fact: {ErrorCode.SkbNotPrivileged} domain",
            "facts: Ok 0");
    }

    [Theory]
    [InlineData("amd-8x4")]
    [InlineData("intel-2x4")]
    public void Every_core_that_multicasts_spreads_the_skbs_route_to_its_forwarders(string machine)
    {
        using var platform = TestSystem.Simulated(machine, seed: 4);
        var commands = Enumerable.Range(0, platform.Topology.CoreCount).Select(c => $"spawn hello --core {c}").Append("halt").ToArray();
        var (result, output, monitors) = TestSystem.BootWithMonitors(platform, commands);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        using var skb = SkbTestMachines.Open(machine);
        for (var source = 0; source < monitors.Count; source++) // every core coordinated its hello's spawn
        {
            var forwarders = SkbRoutes.Forwarders(skb, source).ToDictionary(f => f.Parent, f => f.Children);
            for (var core = 0; core < monitors.Count; core++)
            {
                Assert.Equal(forwarders.GetValueOrDefault(core, []), monitors[core]!.Routes.ChildrenOf(source));
            }
        }

        Monitors.Replicas.AssertEqual(monitors, machine);
    }

    [Fact]
    public void A_broken_policy_leaves_each_source_on_a_plain_fan_out_and_the_2pc_still_agrees()
    {
        var directory = Directory.CreateTempSubdirectory("skb-broken").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "multicast_route.sql"), "SELECT nonsense FROM nowhere");
            using var platform = TestSystem.Simulated("amd-4x4", seed: 6);
            var commands = new[] { "spawn hello --core 5", "spawn hello --core 12", "halt" };
            var result = SystemBoot.Run(platform, new BootOptions(commands, false, false, Skb: new SkbOptions(PolicyDirectory: directory)), out var monitors);
            var output = ((StringWriter)platform.Console.Output).ToString();

            Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
            Assert.Contains("plain fan-out", output, StringComparison.Ordinal);
            Assert.Equal(Enumerable.Range(1, 15), monitors[0]!.Routes.ChildrenOf(0));
            Assert.Equal(Enumerable.Range(0, 16).Where(c => c != 5), monitors[5]!.Routes.ChildrenOf(5));
            Assert.All(monitors.Where(m => m!.CoreId != 12), m => Assert.Empty(m!.Routes.ChildrenOf(12))); // nobody forwards
            Monitors.Replicas.AssertEqual(monitors, "fan-out");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertShows(string output, params string[] parts) =>
        Assert.All(parts, part => Assert.Contains(part, output, StringComparison.Ordinal));

    private sealed class Client : ISkbHandler
    {
        public ValueTask<QueryResponse> QueryAsync(string sql, string parameters) => throw new NotSupportedException();

        public ValueTask<PolicyResponse> PolicyAsync(string name, string parameters) => throw new NotSupportedException();

        public ValueTask<AddFactResponse> AddFactAsync(string table, string values) => throw new NotSupportedException();
    }
}
