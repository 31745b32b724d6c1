using System.Globalization;
using System.Text;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Domains;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Transports;
using Capability = Sharpfish.Capabilities.Capability;
using WireCap = Sharpfish.Interfaces.Intermon.Capability;

namespace Sharpfish.Monitors;

/// <summary>
/// The distributed capability operations of one monitor (paper §4.7, Barrelfish's capops). Each core keeps its own
/// capability database; a capability has an owner core, a home core (whose memory it is) and remote-relation bits.
/// An operation whose capability has relations on other cores asks every other core down the SKB's multicast tree
/// (<see cref="CapQueries"/>): a retype is a two-phase commit (prepare: each core checks for descendants in the range
/// and locks the object; then commit or abort), a revoke marks on every core, then deletes there, then here; a
/// capability sent to another core travels as a value between the two monitors and is inserted there; when the last
/// local copy of a capability with remote relations goes, the monitor looks for copies elsewhere (moving ownership to
/// one) or, for the last copy anywhere, gives the memory no capability on any core covers back to its home core's
/// pool. A capability under an operation is locked and waiters queue on it, never spin: operations of this core wait
/// in the lock's queue; another core's prepare or mark waits there too when the holder is younger, and votes busy
/// when the holder is older (wait-die, <see cref="CapTicket"/>), whereupon its coordinator aborts, releasing its
/// locks, and starts again when this core tells it (<c>cap_unlocked</c>) that the lock went.
/// </summary>
internal sealed class CapOps
{
    private const int MaxAttempts = 1000;
    private const int MaxListText = 60_000; // cap_invoke_reply's text holds 65536

    private readonly Monitor _monitor;
    private readonly Dictionary<Capability, Queue<TaskCompletionSource>> _waiters = [];
    private readonly Dictionary<Capability, Holder> _lockedBy = [];
    private readonly Dictionary<Capability, HashSet<int>> _diedOn = [];
    private readonly Dictionary<Capability, List<TaskCompletionSource>> _restarts = [];
    private readonly Dictionary<ulong, TaskCompletionSource<(ErrorCode, string)>> _requests = [];
    private ulong _nextRequest;
    private long _unlockNews; // cap_unlocked messages so far
    private readonly Dictionary<int, (ulong First, ulong End)> _importsHeld = []; // by the core giving the memory back
    private TaskCompletionSource _importsReleased = new();
    private Task _giveBacks = Task.CompletedTask; // the give-backs of this core's memory, one at a time
    private BootCaps? _boot;
    private bool _draining;

    public CapOps(Monitor monitor)
    {
        _monitor = monitor;
        Queries = new CapQueries(monitor, this);
        monitor.Cpu.Caps.Departed += () =>
        {
            if (!_draining)
            {
                monitor.Run(DrainAsync);
            }
        };
    }

    /// <summary>The multicast queries to every other core.</summary>
    public CapQueries Queries { get; }

    /// <summary>Operations that wait for a lock on this core, or for another core's lock to go before they start again.</summary>
    public int Waiting => _waiters.Values.Sum(q => q.Count) + _restarts.Values.Sum(r => r.Count);

    /// <summary>Other cores' prepares and marks that waited in a lock's queue here, behind a younger operation.</summary>
    public int Queued { get; private set; }

    /// <summary>This core's operations that found an older operation's lock on another core and started again once it went.</summary>
    public int Restarted { get; private set; }

    private CapabilityInvocations Caps => _monitor.Cpu.Caps;

    /// <summary>The monitor's CSpace (the core's boot CSpace, booted on first use).</summary>
    public BootCaps Boot => _boot ??= PhysicalMemory.Boot(_monitor.Cpu);

    /// <summary>Runs <paramref name="operation"/> on the capability in <paramref name="source"/> of core
    /// <paramref name="core"/>'s monitor CSpace: here, or through that core's monitor.</summary>
    public async Task<(ErrorCode Err, string Text)> InvokeAsync(int core, CapOperation operation, CapRef source, ObjType type, ulong offset, ulong bytes, int count, CapRef destination, int toCore, CapRights rights)
    {
        if (core == _monitor.CoreId)
        {
            return await InvokeHereAsync(operation, source, type, offset, bytes, count, destination, toCore, rights);
        }

        if ((uint)core >= (uint)_monitor.Platform.Topology.CoreCount)
        {
            return (ErrorCode.BadArgument, "");
        }

        var (request, reply) = NewRequest();
        var link = await _monitor.Links.GetAsync(core);
        await link.SendCapInvokeAsync(request, operation, source.Address, (byte)type, offset, bytes, (uint)count, destination.Address, (uint)toCore, (byte)rights);
        return await reply;
    }

    /// <summary>Another monitor asks this one to run an operation.</summary>
    public void InvokeRequested(int peer, ulong request, CapOperation operation, ulong source, byte type, ulong offset, ulong bytes, uint count, ulong destination, uint toCore, byte rights) =>
        _monitor.Run(async () =>
        {
            var (err, text) = await InvokeHereAsync(operation, new CapRef(source), (ObjType)type, offset, bytes, (int)Math.Min(count, int.MaxValue), new CapRef(destination), (int)Math.Min(toCore, int.MaxValue), (CapRights)rights);
            var link = await _monitor.Links.GetAsync(peer);
            await link.SendCapInvokeReplyAsync(request, err, text);
        });

    /// <summary>An answer to <see cref="InvokeAsync"/> or to a transfer.</summary>
    public void Answered(ulong request, ErrorCode err, string text)
    {
        if (_requests.Remove(request, out var reply))
        {
            reply.TrySetResult((err, text));
        }
    }

    /// <summary>Retypes (see <see cref="CapabilityInvocations.Retype(CSpace, CapRef, ObjType, ulong, ulong, int, CapRef, long)"/>);
    /// a source with copies or descendants on other cores first asks every core (two-phase commit).</summary>
    public async Task<ErrorCode> RetypeAsync(CSpace cspace, CapRef source, ObjType type, ulong offset, ulong bytes, int count, CapRef cnode, long slot)
    {
        var ticket = NewTicket();
        for (var attempt = 1; ; attempt++)
        {
            var err = Caps.Retype(cspace, source, type, offset, bytes, count, cnode, slot, RetypeMode.Check, out var range);
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            var locked = range.Source;
            await LockAsync(locked, ticket);
            Task restart;
            try
            {
                err = Caps.Retype(cspace, source, type, offset, bytes, count, cnode, slot, RetypeMode.Check, out range);
                if (err != ErrorCode.Ok)
                {
                    return err;
                }

                if (Key(range.Source) != Key(locked))
                {
                    continue; // the slot got another capability while this waited: lock that one
                }

                if ((range.Remote & (RemoteRelations.Copies | RemoteRelations.Descendants)) == 0)
                {
                    return Caps.Retype(cspace, source, type, offset, bytes, count, cnode, slot, RetypeMode.Apply, out _);
                }

                var seen = _unlockNews;
                var votes = await Queries.AskAsync(CapQuery.CapRetypePrepare, range.Source, range.First, range.End, ticket);
                if (votes == CapQueries.Ok)
                {
                    err = Caps.Retype(cspace, source, type, offset, bytes, count, cnode, slot, RetypeMode.Apply, out _);
                    await Queries.AskAsync(err == ErrorCode.Ok ? CapQuery.CapRetypeCommit : CapQuery.CapUnlock, range.Source, range.First, range.End);
                    return err;
                }

                await Queries.AskAsync(CapQuery.CapUnlock, range.Source, range.First, range.End);
                if ((votes & CapQueries.Conflict) != 0)
                {
                    return ErrorCode.RetypeOverlap;
                }

                restart = WhenUnlocked(locked, seen);
            }
            finally
            {
                Unlock(locked, 0);
            }

            await RestartAsync(attempt, restart, "retype");
        }
    }

    /// <summary>Revokes: with copies or descendants on other cores, marks on every core, deletes there, then here.</summary>
    public async Task<ErrorCode> RevokeAsync(CSpace cspace, CapRef target)
    {
        var ticket = NewTicket();
        for (var attempt = 1; ; attempt++)
        {
            var err = Caps.Lookup(cspace, target, CapRights.Write, out var entry);
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            var cap = entry!.Cap;
            await LockAsync(cap, ticket);
            Task? restart;
            try
            {
                err = Caps.Lookup(cspace, target, CapRights.Write, out entry);
                if (err != ErrorCode.Ok)
                {
                    return err;
                }

                if (Key(entry!.Cap) != Key(cap))
                {
                    continue;
                }

                if ((entry.Remote & (RemoteRelations.Copies | RemoteRelations.Descendants)) == 0)
                {
                    return Caps.Revoke(cspace, target, throughMonitor: true);
                }

                restart = await LockEverywhereAsync(cap, ticket);
                if (restart is null)
                {
                    // The copy revoked from stays, the only one: it owns itself.
                    await Queries.AskAsync(CapQuery.CapRevokeCommit, cap, 0, 0);
                    err = Caps.Revoke(cspace, target, throughMonitor: true);
                    Caps.ClearCopies(cap, RemoteRelations.Copies | RemoteRelations.Descendants);
                    Caps.SetOwner(cap, _monitor.CoreId);
                    return err;
                }
            }
            finally
            {
                Unlock(cap, 0);
            }

            await RestartAsync(attempt, restart, "revoke");
        }
    }

    /// <summary>Deletes, once no operation holds the capability; the last local copy of a capability with remote
    /// relations is then looked for on other cores, or its memory given back.</summary>
    public async Task<ErrorCode> DeleteAsync(CSpace cspace, CapRef target)
    {
        var err = Caps.Lookup(cspace, target, CapRights.None, out var entry);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        await WaitUnlockedAsync(entry!.Cap);
        err = Caps.Delete(cspace, target);
        await DrainAsync();
        return err;
    }

    /// <summary>Sends the capability in <paramref name="source"/> to the empty slot <paramref name="destination"/> of
    /// CSpace <paramref name="toCSpace"/> on <paramref name="toCore"/>; with <paramref name="move"/> it leaves here
    /// (and, when this core owned it and kept no copy, ownership goes with it).</summary>
    public Task<ErrorCode> SendAsync(CSpace cspace, CapRef source, int toCore, int toCSpace, CapRef destination, bool move)
    {
        if (toCore == _monitor.CoreId)
        {
            var to = Caps.CSpaceById(toCSpace);
            return Task.FromResult(to is null ? ErrorCode.BadArgument : Caps.Transfer(Boot.CSpace, Boot.Kernel, cspace, source, to, destination, move));
        }

        return TransferAsync(cspace, [(source, move)], toCore, (link, request, caps) => link.SendCapTransferAsync(request, caps[0], (uint)toCSpace, destination.Address));
    }

    /// <summary>Sends the capability arguments of a domain's message: each of <paramref name="caps"/> in the domain's
    /// <paramref name="cspace"/> (copied, or moved where give-away) goes to a free receive slot of the domain that
    /// receives on <paramref name="channel"/> on <paramref name="toCore"/>, all or none, and waits in that channel's
    /// inbox in order; a null one queues no capability there. Answers once they are there.</summary>
    public async Task<ErrorCode> DeliverAsync(CSpace cspace, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps, int toCore, ChannelHandle channel)
    {
        if (toCore != _monitor.CoreId)
        {
            return await TransferAsync(cspace, caps, toCore, (link, request, wires) => link.SendCapDeliverAsync(request, wires, channel.ForIntermon()));
        }

        if (_monitor.Cpu.Channels.Inbox(channel) is not { } inbox)
        {
            return ErrorCode.NoCapReceiver;
        }

        var received = new CapRef[caps.Count];
        var err = Caps.Give(cspace, caps, inbox.CSpace, received);
        if (err == ErrorCode.Ok)
        {
            inbox.Add(received); // one group: the message's capabilities
        }

        return err;
    }

    /// <summary>A capability arrived from another core's monitor; memory that a give-back is looking at waits for it.</summary>
    public async ValueTask<ErrorCode> ReceivedAsync(WireCap cap, uint cspace, ulong slot)
    {
        while (Held(cap))
        {
            await _importsReleased.Task;
        }

        return Received(cap, cspace, slot);
    }

    /// <summary><see cref="Delivered"/>, once no give-back looks at the memory of any of <paramref name="caps"/>.</summary>
    public async ValueTask<ErrorCode> DeliveredAsync(ReadOnlyMemory<WireCap> caps, ChannelHandle channel)
    {
        if (!Held(caps.Span))
        {
            return Delivered(caps.Span, channel);
        }

        var kept = caps.ToArray(); // the message's buffer is the binding's once this returns
        while (Held(kept))
        {
            await _importsReleased.Task;
        }

        return Delivered(kept, channel);
    }

    /// <summary>Gives the parts of [<paramref name="first"/>, <paramref name="end"/>) of this core's memory that no
    /// capability on any core covers back to its pool. One give-back runs at a time here, and while it looks, no core
    /// takes in a capability to that memory (so none moves between cores unseen): the same memory is never given back
    /// twice, even when the last capabilities of an object and of its descendant go at the same moment.</summary>
    public async ValueTask<ErrorCode> GiveBackHereAsync(ulong first, ulong end)
    {
        var previous = _giveBacks;
        var done = new TaskCompletionSource();
        _giveBacks = done.Task;
        await previous;
        try
        {
            _importsHeld[_monitor.CoreId] = (first, end);
            await Queries.AskAsync(CapQuery.CapHoldImports, default, first, end);
            await ReturnUncoveredAsync(first, end);
            return ErrorCode.Ok;
        }
        finally
        {
            ReleaseImports(_monitor.CoreId);
            await Queries.AskAsync(CapQuery.CapReleaseImports, default, first, end);
            done.SetResult();
        }
    }

    private ErrorCode Received(WireCap cap, uint cspace, ulong slot)
    {
        _ = Boot; // the monitor's CSpace, should this be the core's first capability operation
        var to = Caps.CSpaceById((int)Math.Min(cspace, int.MaxValue));
        if (to is null || !Valid(cap))
        {
            return ErrorCode.BadArgument;
        }

        return Caps.Import(to, new CapRef(slot), Value(cap), (int)cap.Owner, (int)cap.Home, (RemoteRelations)cap.Relations);
    }

    /// <summary>The capability arguments of a message arrived from another core's monitor for the domain that receives
    /// on <paramref name="channel"/> here: into free receive slots of its CSpace, all or none, and its channel's inbox
    /// in order (a null type is no capability, queued all the same).</summary>
    public ErrorCode Delivered(ReadOnlySpan<WireCap> caps, ChannelHandle channel)
    {
        if (_monitor.Cpu.Channels.Inbox(channel) is not { } inbox)
        {
            return ErrorCode.NoCapReceiver;
        }

        var count = 0;
        foreach (var cap in caps)
        {
            if ((ObjType)cap.Type == ObjType.Null)
            {
                continue;
            }

            if (!Valid(cap))
            {
                return ErrorCode.BadArgument;
            }

            if (RetypeTable.IsCNode((ObjType)cap.Type) || (ObjType)cap.Type == ObjType.Kernel)
            {
                return ErrorCode.WrongCapType; // refused here, before anything is imported
            }

            count++;
        }

        var err = Caps.ReceiveSlots(inbox.CSpace, count, out var slots);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        var received = new CapRef[caps.Length];
        var next = 0;
        for (var i = 0; i < caps.Length && err == ErrorCode.Ok; i++)
        {
            if ((ObjType)caps[i].Type != ObjType.Null)
            {
                received[i] = slots[next++];
                err = Caps.Import(inbox.CSpace, received[i], Value(caps[i]), (int)caps[i].Owner, (int)caps[i].Home, (RemoteRelations)caps[i].Relations);
            }
        }

        if (err == ErrorCode.Ok)
        {
            inbox.Add(received); // one group: the message's capabilities
        }

        return err;
    }

    /// <summary>This core's part of a query <paramref name="op"/> from another core: at once, but a prepare or
    /// mark waits for a lock held by an operation younger than <paramref name="ticket"/>.</summary>
    public ValueTask<ulong> Answer(ulong op, CapQuery query, Capability cap, ulong first, ulong end, CapTicket ticket)
    {
        // A lock taken for another core is held for its coordinator (which runs one operation on an object at a
        // time): the prepare or mark and the commit or abort after it are separate queries.
        var holder = (op >> 40) + 1;
        switch (query)
        {
            case CapQuery.CapRetypePrepare:
                return PrepareAsync(cap, holder, ticket, first, end);
            case CapQuery.CapRetypeCommit:
                Caps.MarkCopies(cap, RemoteRelations.Descendants);
                Unlock(cap, holder);
                return ValueTask.FromResult(CapQueries.Ok);
            case CapQuery.CapLock:
                return VoteLockAsync(cap, holder, ticket);
            case CapQuery.CapRevokeCommit:
                Caps.RevokeHere(cap);
                Unlock(cap, holder);
                return ValueTask.FromResult(CapQueries.Ok);
            case CapQuery.CapUnlock:
                Unlock(cap, holder);
                return ValueTask.FromResult(CapQueries.Ok);
            case CapQuery.CapFindCopy:
                return ValueTask.FromResult(Caps.HasCopy(cap) ? (ulong)_monitor.CoreId : ulong.MaxValue);
            case CapQuery.CapSetOwner:
                Caps.SetOwner(cap, (int)first);
                return ValueTask.FromResult(CapQueries.Ok);
            case CapQuery.CapCoverStart:
                return ValueTask.FromResult(Caps.CoverStart(first, end));
            case CapQuery.CapCoverEnd:
                return ValueTask.FromResult(Caps.CoverEnd(first));
            case CapQuery.CapHoldImports:
                _importsHeld[ticket.Core] = (first, end);
                return ValueTask.FromResult(CapQueries.Ok);
            case CapQuery.CapReleaseImports:
                ReleaseImports(ticket.Core);
                return ValueTask.FromResult(CapQueries.Ok);
            default:
                throw new SharpfishException(ErrorCode.MalformedMessage, $"unknown capability query {query}");
        }
    }

    /// <summary>Another core's lock that operations of this core died on went: they start again.</summary>
    public void Unlocked(WireCap cap)
    {
        _unlockNews++;
        if (_restarts.Count != 0 && _restarts.Remove(Key(Value(cap)), out var waiting))
        {
            waiting.ForEach(w => w.TrySetResult());
        }
    }

    /// <summary>Every capability of this core, a line each (CAPOP_LIST), after a line with the bytes of this core's
    /// pool given back so far, the locks held and the operations waiting.</summary>
    public string List()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"returned\t{Caps.ReturnedBytes:x}\tlocked\t{Caps.LockedCount}\twaiting\t{Waiting}\n");
        foreach (var e in Caps.AllEntries)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{(int)e.Cap.Type}\t{e.Cap.Base:x}\t{e.Cap.Bytes:x}\t{(int)e.Cap.Rights}\t{e.Owner}\t{e.Home}\t{(int)e.Remote}\t{(Caps.IsLocked(e.Cap) ? 1 : 0)}\t{(e.CNode is null ? 0 : 1)}\n");
        }

        return text.ToString();
    }

    /// <summary>The CSpace on this core of <paramref name="domain"/> (CAPOP_CSPACE), a line per occupied slot, root slots
    /// each followed by the slots of the L2 CNode in it: level, slot, type, base, bytes, rights. Cut at what a reply
    /// carries, with a last line "…".</summary>
    public (ErrorCode Err, string Text) CSpaceOf(uint domain)
    {
        if (_monitor.Domains.Find(domain) is not { } local)
        {
            return (ErrorCode.UnknownDomain, "");
        }

        var text = new StringBuilder();
        foreach (var root in Caps.View(local.CSpace))
        {
            foreach (var (level, entry) in root.Children.Select(c => (2, c)).Prepend((1, root)))
            {
                if (text.Length > MaxListText)
                {
                    return (ErrorCode.Ok, text.Append("…\n").ToString());
                }

                text.Append(CultureInfo.InvariantCulture,
                    $"{level}\t{entry.Where.Address:x}\t{(int)entry.Capability.Type}\t{entry.Capability.Base:x}\t{entry.Capability.Bytes:x}\t{(int)entry.Capability.Rights}\n");
            }
        }

        return (ErrorCode.Ok, text.ToString());
    }

    /// <summary>What is under way here, for a report when something hangs.</summary>
    public string Describe() =>
        $"core {_monitor.CoreId}: locks {string.Join(", ", _lockedBy.Select(l => $"{l.Key} by {(l.Value.Op == 0 ? "here" : $"core {l.Value.Op - 1}")} since {l.Value.Ticket.Since}"))}; " +
        $"waiting {string.Join(", ", _waiters.Select(w => $"{w.Key} x{w.Value.Count}"))}; restarting {string.Join(", ", _restarts.Select(r => $"{r.Key} x{r.Value.Count}"))}; " +
        $"requests {_requests.Count}; queries {Queries.InFlight}; draining {_draining}";

    /// <summary>The capability as it travels between monitors.</summary>
    public static WireCap Wire(in Capability cap, int owner, int home, RemoteRelations relations) =>
        new((byte)cap.Type, (byte)cap.Rights, (byte)relations, cap.Parameter, cap.Base, cap.Bytes, (uint)owner, (uint)home);

    /// <summary>The capability a wire value names.</summary>
    public static Capability Value(WireCap cap) => new((ObjType)cap.Type, cap.Base, cap.Bytes, (CapRights)cap.Rights, cap.Parameter);

    private async Task<(ErrorCode, string)> InvokeHereAsync(CapOperation operation, CapRef source, ObjType type, ulong offset, ulong bytes, int count, CapRef destination, int toCore, CapRights rights)
    {
        var cspace = Boot.CSpace;
        return operation switch
        {
            CapOperation.CapopRetype => (await RetypeAsync(cspace, source, type, offset, bytes, count, CapRef.Null, destination.Level == 1 ? destination.RootSlot : -1), ""),
            CapOperation.CapopCopy => (await WhenUnlockedAsync(cspace, source, () => Caps.Copy(cspace, source, destination)), ""),
            CapOperation.CapopMint => (await WhenUnlockedAsync(cspace, source, () => Caps.Mint(cspace, source, destination, rights)), ""),
            CapOperation.CapopDelete => (await DeleteAsync(cspace, source), ""),
            CapOperation.CapopRevoke => (await RevokeAsync(cspace, source), ""),
            CapOperation.CapopSend => (await SendAsync(cspace, source, toCore, cspace.Id, destination, move: false), ""),
            CapOperation.CapopGive => (await SendAsync(cspace, source, toCore, cspace.Id, destination, move: true), ""),
            CapOperation.CapopList => (ErrorCode.Ok, List()),
            CapOperation.CapopCspace => CSpaceOf((uint)Math.Min(source.Address, uint.MaxValue)),
            _ => (ErrorCode.BadArgument, ""),
        };
    }

    private async Task<ErrorCode> WhenUnlockedAsync(CSpace cspace, CapRef source, Func<ErrorCode> invoke)
    {
        if (Caps.Lookup(cspace, source, CapRights.None, out var entry) == ErrorCode.Ok)
        {
            await WaitUnlockedAsync(entry!.Cap);
        }

        return invoke();
    }

    /// <summary>Answers the departures the CPU driver recorded. Only the owner's matter: ownership is one token per
    /// object, so exactly one core decides when its last copy anywhere went (a copy that went elsewhere leaves the
    /// owner a copy, or the owner's own departure to answer).</summary>
    private async Task DrainAsync()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (Caps.TryTakeDeparture(out var departure))
            {
                if (departure.Owner == _monitor.CoreId)
                {
                    await HandOverAsync(departure);
                }
            }
        }
        finally
        {
            _draining = false;
        }
    }

    /// <summary>The owner's last local copy went. With the object locked on every core (so no copy of it travels
    /// and no other operation runs on it meanwhile), ownership goes to a core that holds a copy; where none does,
    /// the memory no capability on any core covers goes back to its home core.</summary>
    private async Task HandOverAsync(Departure departure)
    {
        var cap = departure.Cap;
        var ticket = NewTicket();
        for (var attempt = 1; ; attempt++)
        {
            await LockAsync(cap, ticket);
            Task? restart;
            try
            {
                restart = await LockEverywhereAsync(cap, ticket);
                if (restart is null)
                {
                    await HandOverLockedAsync(departure);
                    await Queries.AskAsync(CapQuery.CapUnlock, cap, 0, 0);
                    return;
                }
            }
            finally
            {
                Unlock(cap, 0);
            }

            await RestartAsync(attempt, restart, "hand-over");
        }
    }

    private async Task HandOverLockedAsync(Departure departure)
    {
        var cap = departure.Cap;
        if (Caps.HasCopy(cap))
        {
            return; // a copy came back here meanwhile (ownership unchanged, it carried this core as owner)
        }

        var holder = await Queries.AskAsync(CapQuery.CapFindCopy, cap, 0, 0);
        if (holder != ulong.MaxValue)
        {
            await Queries.AskAsync(CapQuery.CapSetOwner, cap, holder, 0);
        }
        else if (cap.Info.IsMemory)
        {
            await GiveBackAsync(cap.Base, cap.End, departure.Home);
        }
    }

    /// <summary>Has <paramref name="home"/> give back what no capability covers of [<paramref name="first"/>,
    /// <paramref name="end"/>) (<see cref="GiveBackHereAsync"/>), and waits until it did.</summary>
    private async Task GiveBackAsync(ulong first, ulong end, int home)
    {
        if (home == _monitor.CoreId)
        {
            await GiveBackHereAsync(first, end);
            return;
        }

        var (request, reply) = NewRequest();
        var link = await _monitor.Links.GetAsync(home);
        await link.SendRamGiveBackAsync(request, first, end - first);
        await reply;
    }

    private async Task ReturnUncoveredAsync(ulong first, ulong end)
    {
        var at = first;
        while (at < end)
        {
            var start = Math.Min(Caps.CoverStart(at, end), await Queries.AskAsync(CapQuery.CapCoverStart, default, at, end));
            if (start > at)
            {
                Caps.ReturnRam(at, Math.Min(start, end) - at);
            }

            if (start >= end)
            {
                return;
            }

            at = Math.Max(Caps.CoverEnd(start), await Queries.AskAsync(CapQuery.CapCoverEnd, default, start, 0));
        }
    }

    /// <summary>Moves or copies each of <paramref name="caps"/> (a null one is none) to another core: locked while they
    /// travel (all or none, see <see cref="LockAllAsync"/>), <paramref name="ship"/> sends them in one
    /// message (each with its owner, home and the relations it will have there) and the answer comes back; then this
    /// core records each remote copy, and ownership moves where this core owned a capability and kept no copy.</summary>
    private async Task<ErrorCode> TransferAsync(CSpace cspace, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps, int toCore, Func<IntermonBinding, ulong, WireCap[], ValueTask> ship)
    {
        if ((uint)toCore >= (uint)_monitor.Platform.Topology.CoreCount)
        {
            return ErrorCode.BadArgument;
        }

        var ticket = NewTicket();
        for (var attempt = 1; ; attempt++)
        {
            var (err, restart) = await TryTransferAsync(cspace, caps, toCore, ship, ticket);
            if (restart is null)
            {
                return err;
            }

            await RestartAsync(attempt, restart, "transfer");
        }
    }

    /// <summary>One attempt of <see cref="TransferAsync"/>: done (no restart), or stopped by an older operation's lock
    /// on another core, with every lock released, and what completes once that lock went.</summary>
    private async Task<(ErrorCode Err, Task? Restart)> TryTransferAsync(CSpace cspace, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps, int toCore, Func<IntermonBinding, ulong, WireCap[], ValueTask> ship, CapTicket ticket)
    {
        var err = Outgoing(cspace, caps, out var entries);
        if (err != ErrorCode.Ok)
        {
            return (err, null);
        }

        var locks = entries.OfType<Cte>().Select(e => Key(e.Cap)).Distinct().ToArray();
        await LockAllAsync(locks, ticket);
        var moving = new List<(Capability Key, int Owner)>(); // ownership that leaves, locked on every core
        try
        {
            err = Outgoing(cspace, caps, out var now);
            if (err != ErrorCode.Ok)
            {
                return (err, null);
            }

            var wires = new WireCap[caps.Count];
            for (var i = 0; i < caps.Count; i++)
            {
                if (now[i] is not { } entry)
                {
                    continue;
                }

                if (Key(entry.Cap) != Key(entries[i]!.Cap))
                {
                    return (ErrorCode.CapLocked, null); // the slot changed while this waited
                }

                var cap = entry.Cap;
                var lastHere = caps[i].GiveAway && Caps.CopiesHere(cap) == 1;
                var owner = lastHere && entry.Owner == _monitor.CoreId ? toCore : entry.Owner;
                var relations = (lastHere ? entry.Remote & RemoteRelations.Copies : RemoteRelations.Copies) |
                    (Caps.HasDescendantsIn(cap, cap.Base, cap.End) ? RemoteRelations.Descendants : entry.Remote & RemoteRelations.Descendants) |
                    (cap.Info.IsMemory ? RemoteRelations.Ancestors : RemoteRelations.None);
                wires[i] = Wire(cap, owner, entry.Home, relations);

                // Ownership that leaves with the last copy here, of an object other cores hold copies of, changes
                // with the object locked on every core, so that no copy carrying the old owner travels meanwhile.
                if (owner != entry.Owner && (entry.Remote & RemoteRelations.Copies) != 0 && !moving.Exists(m => m.Key == Key(cap)))
                {
                    if (await LockEverywhereAsync(Key(cap), ticket) is { } restart)
                    {
                        return (ErrorCode.Ok, restart);
                    }

                    moving.Add((Key(cap), owner));
                }
            }

            var (request, reply) = NewRequest();
            var link = await _monitor.Links.GetAsync(toCore);
            await ship(link, request, wires);
            (err, _) = await reply;
            if (err != ErrorCode.Ok)
            {
                return (err, null);
            }

            for (var i = 0; i < caps.Count; i++)
            {
                if (now[i] is { } entry)
                {
                    Caps.Exported(entry, caps[i].GiveAway);
                }
            }

            foreach (var (key, owner) in moving)
            {
                await Queries.AskAsync(CapQuery.CapSetOwner, key, (ulong)owner, 0);
            }

            return (ErrorCode.Ok, null);
        }
        finally
        {
            foreach (var (key, _) in moving)
            {
                await Queries.AskAsync(CapQuery.CapUnlock, key, 0, 0);
            }

            foreach (var cap in locks)
            {
                Unlock(cap, 0);
            }
        }
    }

    /// <summary>The entry of each of <paramref name="caps"/> that may be given away (null for a null one); one entry
    /// given away twice is refused.</summary>
    private ErrorCode Outgoing(CSpace cspace, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps, out Cte?[] entries)
    {
        entries = new Cte?[caps.Count];
        for (var i = 0; i < caps.Count; i++)
        {
            var (source, move) = caps[i];
            if (source == CapRef.Null)
            {
                continue;
            }

            var err = Caps.Export(cspace, source, out var entry);
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            if (move && Array.IndexOf(entries, entry) >= 0)
            {
                return ErrorCode.BadArgument;
            }

            entries[i] = entry;
        }

        return ErrorCode.Ok;
    }

    private bool Held(ReadOnlySpan<WireCap> caps)
    {
        foreach (var cap in caps)
        {
            if (Held(cap))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a give-back looks at memory <paramref name="cap"/> covers.</summary>
    private bool Held(WireCap cap) =>
        _importsHeld.Count != 0 && Enum.IsDefined((ObjType)cap.Type) && Value(cap).Info.IsMemory &&
        _importsHeld.Values.Any(h => cap.Base < h.End && h.First < cap.Base + cap.Bytes);

    private void ReleaseImports(int core)
    {
        if (_importsHeld.Remove(core))
        {
            var released = _importsReleased;
            _importsReleased = new TaskCompletionSource();
            released.SetResult();
        }
    }

    /// <summary>True when a capability from another core names real cores and a type that may travel.</summary>
    private bool Valid(WireCap cap) =>
        cap.Owner < (uint)_monitor.Platform.Topology.CoreCount && cap.Home < (uint)_monitor.Platform.Topology.CoreCount &&
        Enum.IsDefined((ObjType)cap.Type) && (ObjType)cap.Type != ObjType.Null;

    private (ulong, Task<(ErrorCode, string)>) NewRequest()
    {
        var request = ((ulong)_monitor.CoreId << 40) | ++_nextRequest;
        var reply = new TaskCompletionSource<(ErrorCode, string)>();
        _requests[request] = reply;
        return (request, reply.Task);
    }

    private CapTicket NewTicket() => new(_monitor.Cpu.NowNs, _monitor.CoreId);

    /// <summary>An operation that died at another core's lock (it holds no lock now) waits until that lock went.
    /// Its ticket stays, so it ages until it is the oldest and waits instead of dying: the attempts are bounded.</summary>
    private async Task RestartAsync(int attempt, Task unlocked, string what)
    {
        if (attempt == MaxAttempts)
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, $"monitor {_monitor.CoreId}: a {what} found its capability busy {MaxAttempts} times");
        }

        Restarted++;
        await unlocked;
    }

    /// <summary>What completes once the lock on <paramref name="cap"/> that an operation of this core died on went.
    /// The news may have come while the operation asked and aborted: any news since <paramref name="seen"/> (it
    /// may have been this lock's) restarts it at once.</summary>
    private Task WhenUnlocked(in Capability cap, long seen)
    {
        if (_unlockNews != seen)
        {
            return Task.CompletedTask;
        }

        var key = Key(cap);
        if (!_restarts.TryGetValue(key, out var waiting))
        {
            _restarts[key] = waiting = [];
        }

        var unlocked = new TaskCompletionSource();
        waiting.Add(unlocked);
        return unlocked.Task;
    }

    private async ValueTask<ulong> PrepareAsync(Capability cap, ulong holder, CapTicket ticket, ulong first, ulong end) =>
        !await LockForAsync(cap, holder, ticket) ? CapQueries.Busy
        : Caps.HasDescendantsIn(cap, first, end) ? CapQueries.Conflict : CapQueries.Ok;

    private async ValueTask<ulong> VoteLockAsync(Capability cap, ulong holder, CapTicket ticket) =>
        await LockForAsync(cap, holder, ticket) ? CapQueries.Ok : CapQueries.Busy;

    /// <summary>Locks <paramref name="cap"/> on every other core for an operation of this core, which holds it here:
    /// null once locked everywhere; else, where an older operation holds it, unlocks it everywhere and returns what
    /// completes once that lock went.</summary>
    private async Task<Task?> LockEverywhereAsync(Capability cap, CapTicket ticket)
    {
        var seen = _unlockNews;
        if (await Queries.AskAsync(CapQuery.CapLock, cap, 0, 0, ticket) == CapQueries.Ok)
        {
            return null;
        }

        await Queries.AskAsync(CapQuery.CapUnlock, cap, 0, 0);
        return WhenUnlocked(cap, seen);
    }

    /// <summary>Locks the object for another core's operation (wait-die): behind a younger holder it waits in the
    /// queue; behind an older one it gives up (false), and its core is told when the lock goes.</summary>
    private async ValueTask<bool> LockForAsync(Capability cap, ulong holder, CapTicket ticket)
    {
        while (!TryLockFor(cap, holder, ticket))
        {
            var key = Key(cap);
            if (_lockedBy.TryGetValue(key, out var current) && !ticket.IsOlderThan(current.Ticket))
            {
                if (!_diedOn.TryGetValue(key, out var cores))
                {
                    _diedOn[key] = cores = [];
                }

                cores.Add(ticket.Core);
                return false;
            }

            Queued++;
            await Enqueue(cap);
        }

        return true;
    }

    /// <summary>Locks the object for an operation of this core, queueing behind others (it holds no other lock).</summary>
    private async Task LockAsync(Capability cap, CapTicket ticket)
    {
        while (!TryLockFor(cap, 0, ticket))
        {
            await Enqueue(cap);
        }
    }

    /// <summary>Takes every one of <paramref name="locks"/> or, when one is held, none until it goes: what holds
    /// several locks never waits while holding them, so it is in no cycle of waits.</summary>
    private async Task LockAllAsync(Capability[] locks, CapTicket ticket)
    {
        while (true)
        {
            var taken = 0;
            while (taken < locks.Length && TryLockFor(locks[taken], 0, ticket))
            {
                taken++;
            }

            if (taken == locks.Length)
            {
                return;
            }

            for (var i = 0; i < taken; i++)
            {
                Unlock(locks[i], 0);
            }

            await WaitUnlockedAsync(locks[taken]);
        }
    }

    private async Task WaitUnlockedAsync(Capability cap)
    {
        while (Caps.IsLocked(cap))
        {
            await Enqueue(cap);
        }
    }

    private Task Enqueue(in Capability cap)
    {
        var key = Key(cap);
        if (!_waiters.TryGetValue(key, out var queue))
        {
            _waiters[key] = queue = new Queue<TaskCompletionSource>();
        }

        var waiter = new TaskCompletionSource();
        queue.Enqueue(waiter);
        return waiter.Task;
    }

    /// <summary>Locks the object for <paramref name="op"/> (0: an operation of this core; otherwise one plus the
    /// coordinating core) of age <paramref name="ticket"/>; false when it is locked.</summary>
    private bool TryLockFor(in Capability cap, ulong op, CapTicket ticket)
    {
        if (!Caps.TryLock(cap))
        {
            return false;
        }

        _lockedBy[Key(cap)] = new Holder(op, ticket);
        return true;
    }

    /// <summary>Unlocks the object if <paramref name="op"/> holds it, tells the cores whose operations died on it,
    /// and wakes the waiters.</summary>
    private void Unlock(in Capability cap, ulong op)
    {
        var key = Key(cap);
        if (!_lockedBy.TryGetValue(key, out var holder) || holder.Op != op)
        {
            return;
        }

        _lockedBy.Remove(key);
        Caps.Unlock(cap);
        if (_diedOn.Count != 0 && _diedOn.Remove(key, out var cores))
        {
            var wire = Wire(key, 0, 0, RemoteRelations.None);
            _monitor.Run(async () =>
            {
                foreach (var core in cores)
                {
                    var link = await _monitor.Links.GetAsync(core);
                    await link.SendCapUnlockedAsync(wire);
                }
            });
        }

        // Every waiter looks again (some only wait for the lock to go, some take it; those that lose queue again).
        if (_waiters.Remove(key, out var queue))
        {
            while (queue.TryDequeue(out var next))
            {
                next.TrySetResult();
            }
        }
    }

    private static Capability Key(in Capability cap) => cap with { Rights = CapRights.None };

    /// <summary>Who holds a lock: 0 for an operation of this core, else one plus the coordinating core; and its age.</summary>
    private readonly record struct Holder(ulong Op, CapTicket Ticket);
}
