using System.Globalization;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// <c>caprace SEED</c>: every core works on one capability at the same moment. A RAM capability of core 0 is copied
/// to every core; then every core retypes its copy into its own frame, all at once (each a two-phase commit over the
/// same capability on every core), and every retype must succeed; then every core revokes its copy at once: one
/// revoke wins and the others find their copy gone, and afterwards exactly one copy of the RAM and no frame is left
/// on any core. The order the operations start in comes from the seed. Prints <c>caprace passed</c> or what failed.
/// </summary>
internal static class CapRaceProgram
{
    private const int Shared = DistributedCapabilityModel.FirstSlot;
    private const int Frame = Shared + 1;
    private const ulong FrameBytes = RetypeTable.PageBytes;

    public static Module Module { get; } = new("caprace", "every core retypes, then revokes, one capability at once", RunAsync);

    private static async Task<int> RunAsync(DomainContext context)
    {
        var seed = long.Parse(context.Arguments[0], CultureInfo.InvariantCulture);
        var cores = context.Cpu.Platform.Topology.CoreCount;
        var order = Enumerable.Range(0, cores).ToArray();
        new Random(unchecked((int)seed ^ (int)(seed >> 32))).Shuffle(order);
        var bytes = FrameBytes * (ulong)cores;
        var (start, _) = (await DistributedCapabilityDriver.PoolsAsync(context, 1))[0];

        var problem = await Expect(DistributedCapabilityDriver.InvokeAsync(context, 0, CapOperation.CapopRetype, DistributedCapabilityModel.PoolSlot, ObjType.Ram, 0, bytes, 1, Shared, 0, CapRights.None), "the RAM");
        for (var core = 1; core < cores && problem is null; core++)
        {
            problem = await Expect(DistributedCapabilityDriver.InvokeAsync(context, 0, CapOperation.CapopSend, Shared, 0, 0, 0, 0, Shared, core, CapRights.None), $"a copy to core {core}");
        }

        if (problem is null)
        {
            var retypes = order.Select(core => DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopRetype, Shared, ObjType.Frame, FrameBytes * (ulong)core, FrameBytes, 1, Frame, 0, CapRights.None)).ToArray();
            var results = await Task.WhenAll(retypes);
            problem = results.Select((err, i) => err == ErrorCode.Ok ? null : $"core {order[i]}'s retype: {err}").FirstOrDefault(p => p is not null);
        }

        if (problem is null)
        {
            var revokes = order.Select(core => DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopRevoke, Shared, 0, 0, 0, 0, 0, 0, CapRights.None)).ToArray();
            var won = (await Task.WhenAll(revokes)).Count(err => err == ErrorCode.Ok);
            problem = won == 0 ? "no revoke went through" : await LeftAsync(context, cores, start, start + bytes);
        }

        context.WriteLine(problem is null ? "caprace passed" : $"caprace FAILED (seed {seed}): {problem}");
        return problem is null ? 0 : 1;
    }

    private static async Task<string?> Expect(Task<ErrorCode> invocation, string what)
    {
        var err = await invocation;
        return err == ErrorCode.Ok ? null : $"{what}: {err}";
    }

    /// <summary>After the revokes: one copy of the RAM on one core, nothing derived from it anywhere, no lock.</summary>
    private static async Task<string?> LeftAsync(DomainContext context, int cores, ulong start, ulong end)
    {
        var left = new List<string>();
        for (var core = 0; core < cores; core++)
        {
            var (_, busy, entries) = await DistributedCapabilityDriver.ListAsync(context, core);
            if (busy)
            {
                return $"core {core} still holds a lock or has operations waiting";
            }

            left.AddRange(entries.Where(e => e.InSlot && e.Cap.Base >= start && e.Cap.End <= end).Select(e => $"{e.Cap.Type} on core {core}"));
        }

        return left.Count == 1 && left[0].StartsWith("Ram", StringComparison.Ordinal) ? null : $"left after the revokes: {string.Join(", ", left)}";
    }
}
