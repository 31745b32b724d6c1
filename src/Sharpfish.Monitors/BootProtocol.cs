using Sharpfish.Errors;
using Sharpfish.Platform;
using Sharpfish.Runtime;
using Sharpfish.Runtime.Flounder;

namespace Sharpfish.Monitors;

/// <summary>
/// Core boot and system halt. The BSP's monitor boots the other cores one after the other: it makes the channels of
/// the link to each, starts the core at an entry given that link, and waits until the core's monitor reports in. It
/// halts the system in two rounds: every monitor first stops its domains and finishes the agreements it started
/// (so every replica of the domain table ends equal), then every core stops. It also watches the power button once
/// the system is up.
/// </summary>
public sealed class BootProtocol(Monitor monitor) : IEventSource
{
    /// <summary>How long a new core has to report in.</summary>
    public const long BootTimeoutNs = 10_000_000_000;

    private const long StartPollNs = 1_000_000;

    private readonly Dictionary<int, TaskCompletionSource> _reports = [];
    private readonly Dictionary<int, TaskCompletionSource> _haltAcks = [];
    private readonly Dictionary<int, TaskCompletionSource> _quiesceAcks = [];
    private readonly List<CoreBootRecord> _records = [];
    private Task? _halting;

    /// <summary>Cores this monitor booted, in boot order.</summary>
    public IReadOnlyList<CoreBootRecord> Records => _records;

    /// <summary>Set once the system is up: from then on the power button halts it (BSP).</summary>
    public bool PowerButtonEnabled { get; set; }

    /// <summary>True once a halt of the system has begun.</summary>
    public bool Halting => _halting is not null;

    /// <summary>
    /// Boots <paramref name="cores"/> one after the other (BSP), each at the entry <paramref name="entryFor"/> builds
    /// from its boot link, telling <paramref name="onBooted"/> as each reports in.
    /// </summary>
    /// <exception cref="SharpfishException">A core failed to start or did not report in; the message names it.</exception>
    public async Task BootCoresAsync(IEnumerable<int> cores, Func<BootLink, CoreEntry> entryFor, Action<CoreBootRecord> onBooted)
    {
        foreach (var core in cores)
        {
            onBooted(await BootCoreAsync(core, entryFor));
        }
    }

    /// <summary>The system is up (BSP): commits the per-core domains of every core in one agreement, then tells
    /// every booted core, each of which starts its own, and starts this core's.</summary>
    public async Task SystemUpAsync(uint nameService)
    {
        monitor.NameService = nameService;
        await monitor.Domains.CommitPerCoreDomainsAsync();
        foreach (var record in _records)
        {
            monitor.Links.All[record.Core].SendSystemUpAsync(nameService).Forget(monitor.Dispatcher.Fault);
        }

        monitor.Domains.StartPerCoreDomains();
    }

    /// <summary>The BSP says the system is up: start this core's per-core domains.</summary>
    internal void SystemUp(uint nameService)
    {
        monitor.NameService = nameService;
        monitor.Domains.StartPerCoreDomains();
    }

    /// <summary>Halts the system (BSP): every core this monitor booted stops after acknowledging, then this one.
    /// Calling it again returns the halt already under way.</summary>
    public Task HaltSystemAsync() => _halting ??= HaltAsync();

    /// <summary>Watches the power button.</summary>
    public bool Poll()
    {
        if (PowerButtonEnabled && _halting is null && monitor.Platform.PowerButtonPressed)
        {
            monitor.Platform.Console.WriteLine("power button: halting");
            _ = HaltSystemAsync();
            return true;
        }

        return false;
    }

    /// <summary>A booted core's monitor reported in.</summary>
    internal void Reported(int core)
    {
        if (_reports.Remove(core, out var reported))
        {
            reported.SetResult();
        }
    }

    /// <summary>The BSP asks this core to quiesce: stop its domains, finish the agreements it coordinates.</summary>
    internal void QuiesceRequested(int from) => monitor.Run(async () =>
    {
        monitor.Domains.StopAll();
        await monitor.Agreement.CloseAsync();
        await monitor.Links.All[from].SendQuiescedAsync((uint)monitor.CoreId);
    });

    /// <summary>A core has quiesced.</summary>
    internal void QuiesceAcked(int core)
    {
        if (_quiesceAcks.TryGetValue(core, out var acked))
        {
            acked.TrySetResult();
        }
    }

    /// <summary>The BSP told this core to stop: acknowledge, then stop once the acknowledgement is in the channel.</summary>
    internal void HaltRequested(int from) => monitor.Run(async () =>
    {
        monitor.Domains.StopAll();
        await monitor.Links.All[from].SendHaltAckAsync((uint)monitor.CoreId);
        monitor.Cpu.Halt();
    });

    /// <summary>A core acknowledged the halt.</summary>
    internal void HaltAcked(int core)
    {
        if (_haltAcks.TryGetValue(core, out var acked))
        {
            acked.TrySetResult();
        }
    }

    private async Task<CoreBootRecord> BootCoreAsync(int core, Func<BootLink, CoreEntry> entryFor)
    {
        var me = monitor.CoreId;
        var channels = monitor.Cpu.Channels;
        var toChild = channels.Create(me, core);
        var toParent = channels.Create(core, me);
        monitor.Links.Open(core, toChild, toParent);
        var reported = new TaskCompletionSource();
        _reports[core] = reported;
        var started = monitor.Cpu.NowNs;
        monitor.Platform.StartCore(core, entryFor(new BootLink(me, toChild, toParent)));
        while (!reported.Task.IsCompleted)
        {
            if (monitor.Platform.StartFailure(core) is { } why)
            {
                monitor.Links.Remove(core);
                _reports.Remove(core);
                channels.Free(toChild);
                channels.Free(toParent);
                var cpu = monitor.Platform.Topology.Cores[core].OsCpu;
                throw new SharpfishException(ErrorCode.CoreFailedToStart, $"core {core}{(cpu >= 0 ? $" (cpu {cpu})" : "")} failed to start: {why}");
            }

            if (monitor.Cpu.NowNs - started > BootTimeoutNs)
            {
                monitor.Links.Remove(core); // its memory stays: the core may still wake up and use it
                _reports.Remove(core);
                throw new SharpfishException(ErrorCode.CoreFailedToStart, $"core {core} did not report in within {BootTimeoutNs / 1_000_000_000} s");
            }

            await Task.WhenAny(reported.Task, monitor.Dispatcher.SleepAsync(StartPollNs));
        }

        var record = new CoreBootRecord(core, monitor.Cpu.NowNs - started);
        _records.Add(record);
        return record;
    }

    private async Task HaltAsync()
    {
        monitor.Domains.StopAll();
        foreach (var record in _records)
        {
            _quiesceAcks[record.Core] = new TaskCompletionSource();
            monitor.Links.All[record.Core].SendQuiesceAsync().Forget(monitor.Dispatcher.Fault);
        }

        await monitor.Agreement.CloseAsync();
        foreach (var acked in _quiesceAcks.Values)
        {
            await acked.Task;
        }

        foreach (var record in _records)
        {
            _haltAcks[record.Core] = new TaskCompletionSource();
            monitor.Links.All[record.Core].SendHaltAsync().Forget(monitor.Dispatcher.Fault);
        }

        foreach (var acked in _haltAcks.Values)
        {
            await acked.Task;
        }

        monitor.Cpu.Halt();
    }
}
