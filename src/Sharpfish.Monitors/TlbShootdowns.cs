using System.Collections.Immutable;
using Sharpfish.Errors;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Monitors;

/// <summary>
/// TLB shootdown through the monitors (paper §4.7 and §5.1), a one-phase commit: when the home of an address space
/// has changed its page tables, its monitor drops the range from this core's TLB and sends it to every other core
/// the domain spans (by this core's replica of the domain table); each of those drops it from its own TLB, forwards
/// it to the members it was given, and answers once they all have. So when the round completes, no core of the
/// domain holds a translation of the range from before the round. The cores are reached by the protocol the SKB's
/// <c>shootdown_protocol</c> policy picks for the domain's cores (or the one given at boot): unicast, one message to
/// each core; multicast, this core's multicast route from the SKB cut down to the domain's cores (one aggregation
/// core per package, forwarding inside it), packages in core order; NUMA-aware multicast, the same, in the route's
/// order (farthest first). A core takes part from the commit of its span: threads of the domain start there only
/// after it, so no translation there predates it.
/// </summary>
public sealed class TlbShootdowns(Monitor monitor)
{
    private readonly Dictionary<ulong, Answers<bool>> _rounds = [];
    private readonly Dictionary<string, ShootdownProtocol> _chosen = []; // the policy's answer, by set of cores
    private readonly Dictionary<uint, (ImmutableSortedSet<int> Cores, IReadOnlyList<(int Core, uint[] Members)> Plan)> _plans = []; // by domain, while its cores stay
    private ulong _next;

    private ShootdownProtocol? _protocol;

    /// <summary>The protocol of every shootdown, set at boot; null: the SKB's policy picks one for each domain.</summary>
    /// <exception cref="SharpfishException">Broadcast (BadArgument): its one channel that every core polls is not a
    /// monitor link; <c>bench shootdown</c> measures it on its own channels (Figure 6).</exception>
    public ShootdownProtocol? Protocol
    {
        get => _protocol;
        set => _protocol = value == ShootdownProtocol.Broadcast
            ? throw new SharpfishException(ErrorCode.BadArgument, "the monitors' shootdown is unicast, multicast or NUMA-aware multicast: broadcast needs one channel that every core polls, which is no monitor link")
            : value;
    }

    /// <summary>Set on the BSP only: the SKB's shootdown_protocol policy for a domain on a set of cores. It throws
    /// <see cref="SharpfishException"/> when the policy fails; null (no SKB): unicast.</summary>
    public Func<IReadOnlyCollection<int>, ShootdownProtocol>? Policy { get; set; }

    /// <summary>Rounds under way through this core.</summary>
    public int InFlight => _rounds.Count;

    /// <summary>Domains whose shootdown plan this core keeps.</summary>
    public int Plans => _plans.Count;

    /// <summary>Rounds this core has started.</summary>
    public long Started { get; private set; }

    /// <summary>A domain of this core ended: its plan goes.</summary>
    public void DomainEnded(uint domain) => _plans.Remove(domain);

    /// <summary>Drops <paramref name="pages"/> pages from <paramref name="va"/> of the address space rooted at
    /// <paramref name="root"/> from the TLB of every core <paramref name="domain"/> spans; Ok once none holds them.</summary>
    public async Task<ErrorCode> RunAsync(uint domain, ulong root, ulong va, ulong pages)
    {
        if (monitor.Table.Find(domain) is not { } row || !row.Cores.Contains(monitor.CoreId))
        {
            return ErrorCode.UnknownDomain;
        }

        if (pages == 0 || (va & 0xFFF) != 0 || (root & 0xFFF) != 0 || va + (pages << 12) < va)
        {
            return ErrorCode.BadArgument;
        }

        monitor.Cpu.Tlbs.Invalidate(root, va, pages);
        Started++;
        if (row.Cores.Count == 1)
        {
            return ErrorCode.Ok;
        }

        if (!_plans.TryGetValue(domain, out var known) || !known.Cores.SetEquals(row.Cores))
        {
            known = (row.Cores, await PlanAsync([.. row.Cores.Where(c => c != monitor.CoreId)]));
            _plans[domain] = known;
        }

        var plan = known.Plan;
        var id = ((ulong)monitor.CoreId << 40) | ++_next;
        var round = new Answers<bool>(plan.Count, true, Both);
        _rounds[id] = round;
        await SendDown(plan, id, root, va, pages);
        await round.Done;
        _rounds.Remove(id);
        return ErrorCode.Ok;
    }

    /// <summary>A round arrived from <paramref name="parent"/>: drop the range here, forward it to
    /// <paramref name="members"/>, answer once they all have.</summary>
    public void Invalidate(int parent, ulong id, ulong root, ulong va, ulong pages, ReadOnlyMemory<uint> members)
    {
        monitor.Cpu.Tlbs.Invalidate(root, va, pages);
        var forward = new (int Core, uint[] Members)[members.Length];
        for (var i = 0; i < forward.Length; i++)
        {
            var core = members.Span[i];
            forward[i] = core < (uint)monitor.Platform.Topology.CoreCount && core != (uint)monitor.CoreId && core != (uint)parent
                ? ((int)core, [])
                : throw new SharpfishException(ErrorCode.MalformedMessage, $"a shootdown from core {parent} names core {core} as a member of core {monitor.CoreId}");
        }

        if (forward.Length == 0)
        {
            monitor.Run(() => Answer(parent, id));
            return;
        }

        var round = new Answers<bool>(forward.Length, true, Both);
        _rounds[id] = round;
        monitor.Run(async () =>
        {
            await SendDown(forward, id, root, va, pages);
            await round.Done;
            _rounds.Remove(id);
            await Answer(parent, id);
        });
    }

    /// <summary>A core this one sent a round to answered for itself and its members.</summary>
    public void Invalidated(ulong id)
    {
        if (_rounds.TryGetValue(id, out var round))
        {
            round.Add(true);
        }
    }

    /// <summary>The BSP answers which protocol a domain on <paramref name="cores"/> uses.</summary>
    public ShootdownProtocol Choose(IReadOnlyCollection<int> cores)
    {
        if (Policy is null)
        {
            return ShootdownProtocol.Unicast;
        }

        try
        {
            return Policy(cores) is var chosen && chosen != ShootdownProtocol.Broadcast
                ? chosen
                : throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy 'shootdown_protocol' named broadcast, which the monitors do not run");
        }
        catch (SharpfishException e) when (e.Code == ErrorCode.SkbBadPolicy)
        {
            monitor.Platform.Console.WriteLine($"skb: {e.Message}; the shootdown of a domain on {cores.Count} core(s) is unicast");
            return ShootdownProtocol.Unicast;
        }
    }

    /// <summary>Who this core sends a round to (the domain's other cores <paramref name="others"/>, in order), and
    /// the members each forwards to.</summary>
    private async Task<IReadOnlyList<(int Core, uint[] Members)>> PlanAsync(int[] others)
    {
        var protocol = Protocol ?? await ChosenAsync(others);
        if (protocol == ShootdownProtocol.Unicast)
        {
            return [.. others.Select(c => (c, Array.Empty<uint>()))];
        }

        await monitor.Routes.ReadyAsync();
        var plan = ShootdownTree.Restrict(monitor.Routes.OwnRoute, monitor.CoreId, others);
        return protocol == ShootdownProtocol.Multicast
            ? [.. plan.OrderBy(p => p.Members.Length == 0).ThenBy(p => p.Core)]
            : plan;
    }

    private async Task<ShootdownProtocol> ChosenAsync(int[] others)
    {
        IReadOnlyList<int> cores = [monitor.CoreId, .. others];
        var key = string.Join(',', cores.Order());
        if (!_chosen.TryGetValue(key, out var protocol))
        {
            protocol = monitor.CoreId == 0
                ? Choose(cores)
                : Protocols.FromWire(await (await monitor.Links.GetAsync(0)).ShootdownProtocolAsync(cores.Select(c => (uint)c).ToArray()));
            _chosen[key] = protocol;
        }

        return protocol;
    }

    private async Task SendDown(IReadOnlyList<(int Core, uint[] Members)> plan, ulong id, ulong root, ulong va, ulong pages)
    {
        foreach (var (core, members) in plan)
        {
            var link = await monitor.Links.GetAsync(core);
            link.SendTlbInvalidateAsync(id, root, va, pages, members).Forget(monitor.Dispatcher.Fault);
        }
    }

    private async Task Answer(int parent, ulong id)
    {
        var link = await monitor.Links.GetAsync(parent);
        await link.SendTlbInvalidatedAsync(id);
    }

    private static bool Both(bool a, bool b) => a && b;
}
