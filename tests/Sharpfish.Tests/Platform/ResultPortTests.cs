using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;
using Sharpfish.Platform;
using Xunit;

namespace Sharpfish.Tests.Platform;

/// <summary>
/// The result port: records come out in the order they went in, typed; domains on every core of a running system
/// write to it through their context, and the host reads each core's records, in that core's order, after every
/// core halted (simulated over several seeds, and on two real cores).
/// </summary>
[Collection(HostedCoresCollection.Name)]
public class ResultPortTests
{
    private const int PerCore = 20;

    [Fact]
    public void Records_come_out_in_the_order_they_went_in_with_their_kind()
    {
        var port = new ResultPort();
        port.Write(new ResultRecord(0, "cycles", 1234L));
        port.Write(new ResultRecord(1, "mean", 2.5));
        Assert.True(port.TryRead(out var first));
        port.Write(new ResultRecord(0, "problem", "it broke"));

        Assert.Equal(new ResultRecord(0, "cycles", 1234L), first);
        Assert.Equal(1234L, first.Integer);
        var rest = port.ReadAll();
        Assert.Equal([new ResultRecord(1, "mean", 2.5), new ResultRecord(0, "problem", "it broke")], rest);
        Assert.Equal(2.5, rest[0].Real);
        Assert.Equal("it broke", rest[1].Text);
        Assert.Equal(ResultKind.Text, rest[1].Kind);
        Assert.False(port.TryRead(out _));
        Assert.Empty(port.ReadAll());

        var wrongKind = Assert.Throws<SharpfishException>(() => rest[0].Integer);
        Assert.Contains("result 'mean' from core 1 is Real, not Integer", wrongKind.Message, StringComparison.Ordinal);
        Assert.Equal("core 0: problem = \"it broke\"", rest[1].ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_core_of_a_simulated_system_reports_in_order(long seed)
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed);
        AssertEveryCoreReported(platform);
    }

    [Fact]
    public void Both_host_cores_report_in_order()
    {
        using var platform = TestSystem.Hosted(2);
        AssertEveryCoreReported(platform);
    }

    /// <summary>Boots <paramref name="platform"/> with a domain spanning every core that reports from each; reads the
    /// port once the system halted.</summary>
    private static void AssertEveryCoreReported(global::Sharpfish.Platform.Platform platform)
    {
        var cores = platform.Topology.CoreCount;
        var (result, output, _) = TestSystem.BootWithMonitors(platform, ["spawn reporter --wait", "halt"], [Reporter]);
        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");

        var records = platform.Results.ReadAll();
        Assert.Equal(cores * (PerCore + 1), records.Count);
        for (var core = 0; core < cores; core++)
        {
            var mine = records.Where(r => r.Core == core).ToArray();
            Assert.Equal(Enumerable.Range(0, PerCore).Select(i => (long)i), mine[..^1].Select(r => r.Integer));
            Assert.Equal(new ResultRecord(core, "done", $"core {core}"), mine[^1]);
        }

        Assert.False(platform.Results.TryRead(out _));
    }

    /// <summary>Spans every core and reports from each, its own core 0 too, sleeping between records so that the
    /// cores' records interleave.</summary>
    private static readonly Module Reporter = new("reporter", "writes numbered results from every core", async context =>
    {
        var done = await context.Threads.CreateSemaphoreAsync(0);
        var cores = context.Cpu.Platform.Topology.CoreCount;
        for (var core = 1; core < cores; core++)
        {
            await context.SpanAsync(core);
            await context.StartThreadAsync(core, "report", done.Handle.ToString());
        }

        await ReportAsync(context);
        for (var core = 1; core < cores; core++)
        {
            await done.WaitAsync();
        }

        return 0;
    }, new Dictionary<string, Func<DomainContext, string, Task>>
    {
        ["report"] = async (context, done) =>
        {
            await ReportAsync(context);
            await (await context.Threads.OpenSemaphoreAsync(SyncHandle.Parse(done))).PostAsync();
        },
    });

    private static async Task ReportAsync(DomainContext context)
    {
        for (var i = 0; i < PerCore; i++)
        {
            context.WriteResult("seq", i);
            await context.Dispatcher.SleepAsync(1_000);
        }

        context.WriteResult("done", string.Create(CultureInfo.InvariantCulture, $"core {context.CoreId}"));
    }
}
