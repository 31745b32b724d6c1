using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Kernel;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Runtime;
using Sharpfish.Runtime.Flounder;

namespace Sharpfish.Monitors;

/// <summary>
/// The domains with a dispatcher on this core. Starting a domain commits its row in the domain table first; ending
/// one (its main returned, it faulted, it was killed) stops its dispatcher here at once and asks its home monitor to
/// commit the end, and every replica that applies the end tears down that domain's dispatcher on its core, closes its
/// bindings (their peers learn it), deletes its CSpace there and wakes those waiting for it. Every dispatcher starts
/// with a CSpace of its own on its core. A faulting domain never takes its core down.
/// </summary>
public sealed class LocalDomains(Monitor monitor)
{
    /// <summary>The exit code of a killed domain.</summary>
    public const int KilledExitCode = -9;

    /// <summary>The exit code of a domain that faulted.</summary>
    public const int FaultedExitCode = -11;

    /// <summary>Upcalls in a row a domain may run far past its time slice (<see cref="CpuDriver.OverrunReportNs"/>)
    /// before its monitor ends it as faulted. The monitor reports from the second in a row: one long upcall now and
    /// then (a first-time JIT compilation, the host preempting the core) is no sign of a domain that hogs its core.</summary>
    public const int OverrunLimit = 3;

    private readonly Dictionary<uint, LocalDomain> _local = [];
    private readonly Dictionary<uint, List<TaskCompletionSource<int>>> _waiters = [];
    private readonly Dictionary<ulong, TaskCompletionSource<ErrorCode>> _spans = [];
    private readonly HashSet<uint> _ending = [];
    private int _number = monitor.PerCorePrograms.Count; // numbers 1..n name the per-core domains on every core
    private ulong _nextSpan;

    /// <summary>Dispatchers on this core, by domain.</summary>
    public IReadOnlyDictionary<uint, LocalDomain> All => _local;

    /// <summary>The dispatcher of <paramref name="domain"/> on this core, or null.</summary>
    public LocalDomain? Find(uint domain) => _local.GetValueOrDefault(domain);

    /// <summary>Starts <paramref name="program"/> in a new domain on this core; returns its id.</summary>
    /// <exception cref="SharpfishException">No such program, or the table refused the new domain.</exception>
    public async Task<uint> SpawnAsync(string program, IReadOnlyList<string> arguments)
    {
        var module = monitor.Image.Find(program);
        var id = Identifiers.Domain(monitor.CoreId, ++_number);
        if (!await monitor.Agreement.CommitAsync(new TableChange(DomainChange.ChangeSpawned, id, monitor.CoreId, 0, module.Name)))
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, $"the domain table refused domain {id:x}");
        }

        Main(Start(id, module, arguments));
        return id;
    }

    /// <summary>Commits the per-core domains for every core at once (BSP, before the system is up): one agreement
    /// instead of one per core.</summary>
    public async Task CommitPerCoreDomainsAsync()
    {
        for (var i = 0; i < monitor.PerCorePrograms.Count; i++)
        {
            var name = monitor.Image.Find(monitor.PerCorePrograms[i]).Name;
            if (!await monitor.Agreement.CommitAsync(new TableChange(DomainChange.ChangeSpawnedOnEveryCore, (uint)(i + 1), 0, 0, name)))
            {
                throw new SharpfishException(ErrorCode.ProtocolViolation, $"the domain table refused the per-core domain '{name}'");
            }
        }
    }

    /// <summary>Starts this core's per-core domains, whose rows are committed already.</summary>
    public void StartPerCoreDomains()
    {
        for (var i = 0; i < monitor.PerCorePrograms.Count; i++)
        {
            var module = monitor.Image.Find(monitor.PerCorePrograms[i]);
            Main(Start(Identifiers.Domain(monitor.CoreId, i + 1), module, []));
        }
    }

    /// <summary>Spans <paramref name="domain"/> onto <paramref name="core"/>: that core's monitor starts a dispatcher,
    /// then the change is committed.</summary>
    public async Task<ErrorCode> SpanAsync(uint domain, int core)
    {
        if (core < 0 || core >= monitor.Platform.Topology.CoreCount)
        {
            return ErrorCode.BadArgument;
        }

        if (monitor.Table.Find(domain) is not { State: DomainState.Running } row)
        {
            return ErrorCode.DomainEnded;
        }

        if (row.Cores.Contains(core))
        {
            return ErrorCode.Ok; // it spans that core already
        }

        var request = ++_nextSpan;
        var answer = new TaskCompletionSource<ErrorCode>();
        _spans[request] = answer;
        var link = await monitor.Links.GetAsync(core);
        link.SendSpanRequestAsync(request, domain, row.Name).Forget(monitor.Dispatcher.Fault);
        var err = await answer.Task;
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        return await monitor.Agreement.CommitAsync(new TableChange(DomainChange.ChangeSpanned, domain, core, 0, ""))
            ? ErrorCode.Ok
            : ErrorCode.DomainEnded;
    }

    /// <summary>Another core asks this one to start a dispatcher of <paramref name="domain"/>.</summary>
    public void SpanRequested(int from, ulong request, uint domain, string program)
    {
        var err = ErrorCode.Ok;
        if (monitor.Table.Find(domain) is not { State: DomainState.Running })
        {
            err = ErrorCode.DomainEnded;
        }
        else if (!_local.ContainsKey(domain))
        {
            try
            {
                Start(domain, monitor.Image.Find(program), []);
            }
            catch (SharpfishException e)
            {
                err = e.Code;
            }
        }

        monitor.Run(async () =>
        {
            var link = await monitor.Links.GetAsync(from);
            await link.SendSpanReplyAsync(request, err);
        });
    }

    /// <summary>The answer to a span request of this core.</summary>
    public void SpanReplied(ulong request, ErrorCode err)
    {
        if (_spans.Remove(request, out var answer))
        {
            answer.SetResult(err);
        }
    }

    /// <summary>Starts thread <paramref name="entry"/> of <paramref name="domain"/> on <paramref name="core"/>.</summary>
    public async Task<ErrorCode> StartThreadAsync(uint domain, int core, string entry, string argument)
    {
        if (monitor.Table.Find(domain) is not { State: DomainState.Running } row || !row.Cores.Contains(core))
        {
            return ErrorCode.BadArgument;
        }

        if (core == monitor.CoreId)
        {
            return StartThreadHere(domain, entry, argument);
        }

        var link = await monitor.Links.GetAsync(core);
        await link.SendStartThreadAsync(domain, entry, argument);
        return ErrorCode.Ok;
    }

    /// <summary>Starts thread <paramref name="entry"/> of a domain's dispatcher on this core.</summary>
    public ErrorCode StartThreadHere(uint domain, string entry, string argument)
    {
        if (Find(domain) is not { } local || local.Module.Threads?.GetValueOrDefault(entry) is not { } body)
        {
            monitor.Platform.Console.WriteLine($"monitor {monitor.CoreId}: domain {domain:x} has no thread '{entry}' here");
            return ErrorCode.BadArgument;
        }

        local.Dispatcher.StartThread(() => body(local.Context, argument));
        return ErrorCode.Ok;
    }

    /// <summary>Ends <paramref name="domain"/>: its dispatcher here stops at once, and its home commits the end.</summary>
    public void End(uint domain, DomainChange how, int exitCode)
    {
        if (Find(domain) is { } local)
        {
            local.Dispatcher.Stop();
        }

        var home = Identifiers.HomeOf(domain);
        if (home != monitor.CoreId)
        {
            monitor.Run(async () =>
            {
                var link = await monitor.Links.GetAsync(home);
                await link.SendEndDomainAsync(domain, how, exitCode);
            });
            return;
        }

        if (_ending.Add(domain))
        {
            monitor.Run(async () =>
            {
                await monitor.Agreement.CommitAsync(new TableChange(how, domain, monitor.CoreId, exitCode, ""));
                _ending.Remove(domain);
            });
        }
    }

    /// <summary>Another core asks this one, the domain's home, to end it.</summary>
    public void EndRequested(uint domain, DomainChange how, int exitCode)
    {
        if (Identifiers.HomeOf(domain) == monitor.CoreId && how is DomainChange.ChangeExited or DomainChange.ChangeKilled or DomainChange.ChangeFaulted)
        {
            End(domain, how, exitCode);
        }
    }

    /// <summary>Kills a domain, wherever it runs.</summary>
    public ErrorCode Kill(uint domain)
    {
        var row = monitor.Table.Find(domain);
        if (row is null)
        {
            return ErrorCode.UnknownDomain;
        }

        if (row.State != DomainState.Running)
        {
            return ErrorCode.DomainEnded;
        }

        End(domain, DomainChange.ChangeKilled, KilledExitCode);
        return ErrorCode.Ok;
    }

    /// <summary>Waits until <paramref name="domain"/> has ended; its exit code.</summary>
    /// <exception cref="SharpfishException">No such domain.</exception>
    public Task<int> WaitAsync(uint domain)
    {
        var row = monitor.Table.Find(domain)
            ?? throw new SharpfishException(ErrorCode.UnknownDomain, $"no domain {domain:x}");
        if (row.State != DomainState.Running)
        {
            return Task.FromResult(row.ExitCode);
        }

        if (!_waiters.TryGetValue(domain, out var waiting))
        {
            waiting = [];
            _waiters[domain] = waiting;
        }

        var done = new TaskCompletionSource<int>();
        waiting.Add(done);
        return done.Task;
    }

    /// <summary>A table change was committed on this replica.</summary>
    public void Applied(TableChange change)
    {
        if (!change.Ends)
        {
            return;
        }

        if (_local.Remove(change.Domain, out var local))
        {
            TearDown(local, $"domain {change.Domain:x} ended ({change.Kind})");
        }

        if (_waiters.Remove(change.Domain, out var waiting))
        {
            foreach (var done in waiting)
            {
                done.SetResult(change.ExitCode);
            }
        }
    }

    /// <summary>The CPU driver saw a dispatcher of this core run far past its time slice: from the second time in a
    /// row the monitor says so, and it ends the domain once it has done it <see cref="OverrunLimit"/> upcalls in a
    /// row.</summary>
    public void SliceOverrun(DispatcherControlBlock dcb, long ranNs)
    {
        var domain = (uint)dcb.DomainId;
        if (Find(domain) is null || dcb.LongOverrunsInARow < 2)
        {
            return; // the monitor itself, a domain already ending, or one long upcall alone
        }

        monitor.Platform.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"core {monitor.CoreId}: domain {domain:x} ({dcb.Name}) ran {ranNs / 1e6:0.#} ms without yielding (time slice {CpuDriver.TimeSliceNs / 1e6:0.#} ms); the monitor and every other dispatcher of the core waited ({dcb.LongOverrunsInARow} of {OverrunLimit} in a row)"));
        if (dcb.LongOverrunsInARow >= OverrunLimit)
        {
            Faulted(domain, new SharpfishException(ErrorCode.TimeSliceOverrun, $"ran past its time slice {OverrunLimit} upcalls in a row"));
        }
    }

    /// <summary>Stops every dispatcher of this core (the system halts; nothing is committed).</summary>
    public void StopAll()
    {
        foreach (var local in _local.Values)
        {
            local.Dispatcher.Stop();
        }
    }

    private LocalDomain Start(uint domain, Module module, IReadOnlyList<string> arguments)
    {
        var me = monitor.CoreId;
        var channels = monitor.Cpu.Channels;
        var toDomain = channels.Create(me, me);
        var toMonitor = channels.Create(me, me);
        var dispatcher = new Dispatcher(monitor.Cpu, module.Name, (int)domain);
        var cspace = monitor.Cpu.CreateDomainCSpace();
        var session = new MonitorSession(monitor, domain, channels.OpenSender(toDomain), channels.OpenReceiver(toMonitor));
        monitor.Dispatcher.Waitset.Add(session.Binding);
        var context = new DomainContext(dispatcher, domain, module, arguments, cspace, channels.OpenSender(toMonitor), channels.OpenReceiver(toDomain), monitor.NameService);
        dispatcher.OnFault = error => Faulted(domain, error);
        var local = new LocalDomain(domain, module, dispatcher, cspace, context, session, [toDomain, toMonitor]);
        _local[domain] = local;
        return local;
    }

    /// <summary>Runs the domain's main thread; its exit code goes to the monitor when it returns.</summary>
    private static void Main(LocalDomain local) => local.Dispatcher.StartThread(async () =>
    {
        var exitCode = await local.Module.Main(local.Context);
        local.Context.Monitor.SendExitAsync(exitCode).Forget(local.Dispatcher.Fault);
    });

    private void Faulted(uint domain, Exception error)
    {
        monitor.Platform.Console.WriteLine($"domain {domain:x} faulted on core {monitor.CoreId}: {error.GetType().Name}: {error.Message}");
        End(domain, DomainChange.ChangeFaulted, FaultedExitCode);
    }

    private void TearDown(LocalDomain local, string reason)
    {
        local.Dispatcher.Stop();
        local.Context.CloseAll(reason);
        monitor.Dispatcher.Waitset.Remove(local.Session.Binding);
        local.Session.Binding.Close(reason);
        monitor.Binder.DomainEnded(local.Id, ErrorCode.DomainEnded);
        monitor.Shootdowns.DomainEnded(local.Id);
        foreach (var channel in local.Channels)
        {
            monitor.Cpu.Channels.Free(channel);
        }

        // Last, once what the domain held in the kernel let go (mem_serv's own copies): every capability of the domain
        // here goes, and RAM whose last capability that was returns to its pool (across cores through the monitors).
        monitor.Cpu.DestroyDomainCSpace(local.CSpace);
    }
}
