using Sharpfish.Interfaces.Intermon;
using Sharpfish.Runtime.Flounder;
using Capability = Sharpfish.Capabilities.Capability;
using WireCap = Sharpfish.Interfaces.Intermon.Capability;

namespace Sharpfish.Monitors;

/// <summary>
/// The capability operations' questions to every other core, along this core's multicast tree from the SKB (the one
/// the domain-table agreement uses): a request goes down, every core answers its part (<see cref="CapOps.Answer"/>)
/// and the aggregation cores combine their subtree's answers before sending one up, so the asking core gets one
/// number: an OR of vote flags, the lowest core holding a copy, the lowest covered address, the farthest cover.
/// </summary>
internal sealed class CapQueries(Monitor monitor, CapOps ops)
{
    /// <summary>A vote: nothing against.</summary>
    public const ulong Ok = 0;

    /// <summary>A vote: a descendant lies in the range.</summary>
    public const ulong Conflict = 1;

    /// <summary>A vote: the capability is locked by another operation there.</summary>
    public const ulong Busy = 2;

    private readonly Dictionary<ulong, Answers<ulong>> _pending = [];
    private ulong _next;

    /// <summary>Queries under way through this core.</summary>
    public int InFlight => _pending.Count;

    /// <summary>Asks every other core <paramref name="query"/> about <paramref name="cap"/> for the operation
    /// <paramref name="ticket"/> (its age matters only where the query takes a lock); the combined answer.</summary>
    public async Task<ulong> AskAsync(CapQuery query, Capability cap, ulong first, ulong end, CapTicket ticket = default)
    {
        await monitor.Routes.ReadyAsync();
        var op = ((ulong)monitor.CoreId << 40) | ++_next;
        var children = Children(monitor.CoreId);
        if (children.Count == 0)
        {
            return Identity(query);
        }

        var pending = new Answers<ulong>(children.Count, Identity(query), Combiner(query));
        _pending[op] = pending;
        await SendDown(children, op, query, CapOps.Wire(cap, 0, 0, 0), first, end, (ulong)ticket.Since);
        var result = await pending.Done;
        _pending.Remove(op);
        return result;
    }

    /// <summary>A request arrived from <paramref name="parent"/>: answer for this core and its subtree. This core's
    /// part starts at once (in arrival order) but may wait for a lock, while the request goes on down the tree.</summary>
    public void Requested(int parent, ulong op, CapQuery query, WireCap cap, ulong first, ulong end, ulong since)
    {
        var asker = (int)(op >> 40);
        var local = ops.Answer(op, query, CapOps.Value(cap), first, end, new CapTicket((long)Math.Min(since, long.MaxValue), asker));
        var children = Children(asker);
        if (children.Count == 0 && local.IsCompleted)
        {
            var answer = local.Result;
            monitor.Run(() => ReplyUp(parent, op, answer));
            return;
        }

        var pending = new Answers<ulong>(children.Count + 1, Identity(query), Combiner(query));
        _pending[op] = pending;
        monitor.Run(async () =>
        {
            await SendDown(children, op, query, cap, first, end, since);
            pending.Add(await local);
            var result = await pending.Done;
            _pending.Remove(op);
            await ReplyUp(parent, op, result);
        });
    }

    /// <summary>A child answered for its subtree.</summary>
    public void Replied(ulong op, ulong result)
    {
        if (_pending.TryGetValue(op, out var pending))
        {
            pending.Add(result);
        }
    }

    private async Task ReplyUp(int parent, ulong op, ulong result)
    {
        var link = await monitor.Links.GetAsync(parent);
        await link.SendCapReplyAsync(op, result);
    }

    private async Task SendDown(IReadOnlyList<int> children, ulong op, CapQuery query, WireCap cap, ulong first, ulong end, ulong since)
    {
        foreach (var core in children)
        {
            var link = await monitor.Links.GetAsync(core);
            link.SendCapRequestAsync(op, query, cap, first, end, since).Forget(monitor.Dispatcher.Fault);
        }
    }

    private IReadOnlyList<int> Children(int source) => monitor.Routes.ChildrenOf(source);

    private static ulong Identity(CapQuery query) => query is CapQuery.CapFindCopy or CapQuery.CapCoverStart ? ulong.MaxValue : 0;

    private static Func<ulong, ulong, ulong> Combiner(CapQuery query) => query switch
    {
        CapQuery.CapFindCopy or CapQuery.CapCoverStart => Lowest,
        CapQuery.CapCoverEnd => Highest,
        _ => Either,
    };

    private static readonly Func<ulong, ulong, ulong> Lowest = Math.Min;
    private static readonly Func<ulong, ulong, ulong> Highest = Math.Max;
    private static readonly Func<ulong, ulong, ulong> Either = (a, b) => a | b;
}
