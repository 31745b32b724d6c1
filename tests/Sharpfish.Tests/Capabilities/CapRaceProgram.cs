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
/// on any core. Then the copy left goes to every core again, each retypes a frame of it, and every core deletes its
/// frame and its copy at once: the memory goes back to core 0's pool exactly once (the owner answers the last copy's
/// departure, the home gives back one range at a time). The order the operations start in comes from the seed.
/// Prints <c>caprace passed</c> or what failed.
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

        var problem = await Expect(DistributedCapabilityDriver.InvokeAsync(context, 0, CapOperation.CapopRetype, DistributedCapabilityModel.PoolSlot, ObjType.Ram, 0, bytes, 1, Shared, 0, CapRights.None), "the RAM")
            ?? await SpreadAndRetypeAsync(context, 0, order);
        var left = new List<(ObjType, int)>();
        if (problem is null)
        {
            var revokes = order.Select(core => DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopRevoke, Shared, 0, 0, 0, 0, 0, 0, CapRights.None)).ToArray();
            var won = (await Task.WhenAll(revokes)).Count(err => err == ErrorCode.Ok);
            left = await LeftAsync(context, cores, start, start + bytes);
            problem = won == 0 ? "no revoke went through"
                : left is not [(ObjType.Ram, _)] ? $"left after the revokes: {string.Join(", ", left)}" : null;
        }

        if (problem is null)
        {
            var returned = (await DistributedCapabilityDriver.ListAsync(context, 0)).Returned;
            problem = await SpreadAndRetypeAsync(context, left[0].Item2, order);
            if (problem is null)
            {
                var deletes = order.Select(async core =>
                    await DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopDelete, Frame, 0, 0, 0, 0, 0, 0, CapRights.None) == ErrorCode.Ok &&
                    await DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopDelete, Shared, 0, 0, 0, 0, 0, 0, CapRights.None) == ErrorCode.Ok);
                var failed = (await Task.WhenAll(deletes)).Count(ok => !ok);
                left = await LeftAsync(context, cores, start, start + bytes);
                var back = (await DistributedCapabilityDriver.ListAsync(context, 0)).Returned - returned;
                problem = failed != 0 ? $"{failed} core(s) could not delete"
                    : left.Count != 0 ? $"left after the deletes: {string.Join(", ", left)}"
                    : back != bytes ? $"core 0's pool got {back:x} bytes back, not {bytes:x}" : null;
            }
        }

        context.WriteLine(problem is null ? "caprace passed" : $"caprace FAILED (seed {seed}): {problem}");
        return problem is null ? 0 : 1;
    }

    private static async Task<string?> Expect(Task<ErrorCode> invocation, string what)
    {
        var err = await invocation;
        return err == ErrorCode.Ok ? null : $"{what}: {err}";
    }

    /// <summary>Copies the RAM in <see cref="Shared"/> of core <paramref name="from"/> to every other core, then has
    /// every core retype its own frame of it, all at once (each a two-phase commit over every core); all must succeed.</summary>
    private static async Task<string?> SpreadAndRetypeAsync(DomainContext context, int from, int[] order)
    {
        foreach (var core in order.Where(c => c != from))
        {
            if (await Expect(DistributedCapabilityDriver.InvokeAsync(context, from, CapOperation.CapopSend, Shared, 0, 0, 0, 0, Shared, core, CapRights.None), $"a copy to core {core}") is { } problem)
            {
                return problem;
            }
        }

        var retypes = order.Select(core => DistributedCapabilityDriver.InvokeAsync(context, core, CapOperation.CapopRetype, Shared, ObjType.Frame, FrameBytes * (ulong)core, FrameBytes, 1, Frame, 0, CapRights.None)).ToArray();
        var results = await Task.WhenAll(retypes);
        return results.Select((err, i) => err == ErrorCode.Ok ? null : $"core {order[i]}'s retype: {err}").FirstOrDefault(p => p is not null);
    }

    /// <summary>What every core holds in [<paramref name="start"/>, <paramref name="end"/>), once no core holds a
    /// lock or has operations waiting (a core that does is an entry of type Null).</summary>
    private static async Task<List<(ObjType Type, int Core)>> LeftAsync(DomainContext context, int cores, ulong start, ulong end)
    {
        var left = new List<(ObjType, int)>();
        for (var core = 0; core < cores; core++)
        {
            var (_, busy, entries) = await DistributedCapabilityDriver.ListAsync(context, core);
            left.AddRange(entries.Where(e => e.InSlot && e.Cap.Base >= start && e.Cap.End <= end).Select(e => (e.Cap.Type, core)));
            if (busy)
            {
                left.Add((ObjType.Null, core));
            }
        }

        return left;
    }
}
