using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;

namespace Sharpfish.Monitors;

/// <summary>
/// How one core takes part in one-to-many protocols (paper §5.1): for each source core whose route passes through
/// this core, the cores it sends to, in order. Routes are worked out on demand, so a machine of a thousand cores
/// runs the SKB's policy only for the cores that multicast: before its first one-to-many message a source asks the
/// BSP for its route (the SKB's tree, or a plain fan-out where the SKB has none or its policy fails), hands every
/// forwarding core its children and waits until all have them. So a message down the tree never reaches a core that
/// does not know where to forward it, and every message of one source takes the same tree. A core given no route
/// for a source is a leaf of it.
/// </summary>
public sealed class MulticastRoutes
{
    private readonly Monitor _monitor;
    private readonly Dictionary<int, int[]> _children = [];
    private readonly HashSet<int> _reported = [];
    private Task? _own;

    internal MulticastRoutes(Monitor monitor) => _monitor = monitor;

    /// <summary>Set on the BSP only: the SKB's route from a source core, as each forwarding core's children in send
    /// order. It throws <see cref="SharpfishException"/> when the policy fails. Null: no SKB, every route is a plain
    /// fan-out.</summary>
    public Func<int, IReadOnlyList<(int Parent, int[] Children)>>? Policy { get; set; }

    /// <summary>This core's own route, every forwarding core's children in send order (empty before
    /// <see cref="ReadyAsync"/> completed).</summary>
    public IReadOnlyList<(int Parent, int[] Children)> OwnRoute { get; private set; } = [];

    /// <summary>The cores this core sends to when <paramref name="source"/> multicasts, in order (none: a leaf).</summary>
    public IReadOnlyList<int> ChildrenOf(int source) => _children.TryGetValue(source, out var children) ? children : [];

    /// <summary>Completes once this core's own route is known here and at every core that forwards on it.</summary>
    internal Task ReadyAsync() => _own ??= SpreadAsync();

    /// <summary>The BSP answers a source's request for its route: parents and children, edge by edge.</summary>
    internal MulticastRouteResponse Answer(int source)
    {
        var route = Route(source);
        var parents = route.SelectMany(r => r.Children.Select(_ => (uint)r.Parent)).ToArray();
        var children = route.SelectMany(r => r.Children.Select(c => (uint)c)).ToArray();
        return new MulticastRouteResponse(parents, children);
    }

    /// <summary>The source of a route told this core whom to forward its messages to.</summary>
    internal void Forward(int source, ReadOnlyMemory<uint> children) => _children[source] = Cores(children.Span, $"the route from core {source}");

    private async Task SpreadAsync()
    {
        var self = _monitor.CoreId;
        var route = self == 0 ? Route(self) : Decode(self, await (await _monitor.Links.GetAsync(0)).MulticastRouteAsync((uint)self));
        var forwarded = new List<Task>();
        foreach (var (parent, children) in route.Where(r => r.Parent != self))
        {
            var link = await _monitor.Links.GetAsync(parent);
            forwarded.Add(link.ForwardRouteAsync((uint)self, children.Select(c => (uint)c).ToArray()).AsTask());
        }

        await Task.WhenAll(forwarded);
        _children[self] = route.FirstOrDefault(r => r.Parent == self).Children ?? [];
        OwnRoute = route;
    }

    /// <summary>The route from <paramref name="source"/> by the SKB's policy (BSP only), or a plain fan-out.</summary>
    private IReadOnlyList<(int Parent, int[] Children)> Route(int source)
    {
        if (Policy is not null)
        {
            try
            {
                return Policy(source);
            }
            catch (SharpfishException e) when (e.Code == ErrorCode.SkbBadPolicy)
            {
                if (_reported.Add(source))
                {
                    _monitor.Platform.Console.WriteLine($"skb: {e.Message}; core {source} multicasts by plain fan-out");
                }
            }
        }

        return [(source, [.. Enumerable.Range(0, _monitor.Platform.Topology.CoreCount).Where(c => c != source)])];
    }

    /// <summary>The BSP's answer as each parent's children, in send order; checked, as any message is.</summary>
    private List<(int Parent, int[] Children)> Decode(int source, MulticastRouteResponse answer)
    {
        var parents = Cores(answer.Parents.Span, $"the route from core {source}");
        var children = Cores(answer.Children.Span, $"the route from core {source}");
        if (parents.Length != children.Length)
        {
            throw new SharpfishException(ErrorCode.MalformedMessage, $"the route from core {source} names {parents.Length} parents for {children.Length} children");
        }

        return [.. parents.Zip(children).GroupBy(e => e.First).Select(g => (g.Key, g.Select(e => e.Second).ToArray()))];
    }

    private int[] Cores(ReadOnlySpan<uint> cores, string what)
    {
        var result = new int[cores.Length];
        for (var i = 0; i < cores.Length; i++)
        {
            result[i] = cores[i] < (uint)_monitor.Platform.Topology.CoreCount
                ? (int)cores[i]
                : throw new SharpfishException(ErrorCode.MalformedMessage, $"{what} names core {cores[i]}, which does not exist");
        }

        return result;
    }
}
