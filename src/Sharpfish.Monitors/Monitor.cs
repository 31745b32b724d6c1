using Sharpfish.Errors;
using Sharpfish.Kernel;
using Sharpfish.Platform;
using Sharpfish.Runtime;
using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>
/// The monitor of one core (paper §4.4): a privileged domain that boots other cores, keeps the channels to other
/// monitors and coordinates everything that spans cores, by messages only. On the BSP it also runs the system's
/// boot and halt protocols.
/// </summary>
public sealed class Monitor : IEventSource
{
    /// <summary>The monitor's domain id on every core.</summary>
    public const int DomainId = 0;

    /// <summary>How long a new core has to report in.</summary>
    public const long BootTimeoutNs = 10_000_000_000;

    private const int BatchPerLink = 32;
    private const long StartPollNs = 1_000_000;

    private readonly List<IntermonLink> _links = [];
    private readonly Dictionary<int, IntermonLink> _linkTo = [];
    private readonly Dictionary<int, TaskCompletionSource> _reports = [];
    private readonly Dictionary<int, TaskCompletionSource> _haltAcks = [];
    private readonly Dictionary<ulong, (TaskCompletionSource Done, long SentNs)> _pings = [];
    private readonly List<CoreBootRecord> _bootRecords = [];
    private readonly Queue<(IntermonLink Link, IntermonMessage Message, ulong Word)> _outbox = new();
    private Task? _halting;
    private bool _haltWhenSent;
    private ulong _nextPing;

    /// <summary>Starts the monitor of <paramref name="cpu"/>'s core. A core booted by another monitor gets its
    /// <paramref name="parent"/> link and reports in over it at once.</summary>
    public Monitor(CpuDriver cpu, BootLink? parent)
    {
        Cpu = cpu;
        Dispatcher = new Dispatcher(cpu, "monitor", DomainId, Dispatcher.MonitorPriority);
        Dispatcher.Waitset.Add(this);
        if (parent is not null)
        {
            var link = AddLink(parent.Parent, cpu.Transport.OpenSender(parent.ToParent), cpu.Transport.OpenReceiver(parent.ToChild));
            Send(link, IntermonMessage.BootReport, (ulong)cpu.Core.Id);
        }
    }

    /// <summary>The CPU driver of this monitor's core.</summary>
    public CpuDriver Cpu { get; }

    /// <summary>The monitor's dispatcher.</summary>
    public Dispatcher Dispatcher { get; }

    /// <summary>Cores this monitor booted, in boot order.</summary>
    public IReadOnlyList<CoreBootRecord> BootRecords => _bootRecords;

    /// <summary>Set once the system is up: from then on the power button halts it (BSP).</summary>
    public bool PowerButtonEnabled { get; set; }

    /// <summary>True once a halt of the system has begun.</summary>
    public bool Halting => _halting is not null;

    private Platform.Platform Platform => Cpu.Platform;

    /// <summary>
    /// Boots <paramref name="cores"/> one after the other (BSP): makes a channel pair to each, starts it at the
    /// entry <paramref name="entryFor"/> builds from that link, and waits until it reports in; then tells
    /// <paramref name="onBooted"/>.
    /// </summary>
    /// <exception cref="SharpfishException">A core failed to start or did not report in; the message names it.</exception>
    public async Task BootCoresAsync(IEnumerable<int> cores, Func<BootLink, CoreEntry> entryFor, Action<CoreBootRecord> onBooted)
    {
        foreach (var core in cores)
        {
            onBooted(await BootCoreAsync(core, entryFor));
        }
    }

    /// <summary>Halts the system (BSP): every core this monitor booted stops after acknowledging, then this one.
    /// Calling it again returns the halt already under way.</summary>
    public Task HaltSystemAsync() => _halting ??= HaltAsync();

    /// <summary>Measures a round trip to the monitor of <paramref name="core"/>, in nanoseconds.</summary>
    /// <exception cref="SharpfishException">This monitor has no channel to that core.</exception>
    public async Task<long> PingAsync(int core)
    {
        if (!_linkTo.TryGetValue(core, out var link))
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"core {core} is not a core this monitor has a channel to");
        }

        var sequence = _nextPing++;
        var done = new TaskCompletionSource();
        var sent = Cpu.NowNs;
        _pings[sequence] = (done, sent);
        Send(link, IntermonMessage.Ping, sequence);
        await done.Task;
        return Cpu.NowNs - sent;
    }

    /// <summary>Drains the channels from other monitors and retries queued sends.</summary>
    public bool Poll()
    {
        var worked = FlushOutbox();
        if (_haltWhenSent && _outbox.Count == 0)
        {
            Cpu.Halt(); // the acknowledgement is in the channel; nothing on this core is needed any more
            return true;
        }

        if (PowerButtonEnabled && _halting is null && Platform.PowerButtonPressed)
        {
            Platform.Console.WriteLine("power button: halting");
            _ = HaltSystemAsync();
            worked = true;
        }

        for (var i = 0; i < _links.Count; i++)
        {
            var link = _links[i];
            for (var n = 0; n < BatchPerLink && link.Rx.TryReceive(out var header, out var payload); n++)
            {
                Handle(link, (IntermonMessage)header.Type, payload[0]);
                worked = true;
            }
        }

        return worked;
    }

    private async Task<CoreBootRecord> BootCoreAsync(int core, Func<BootLink, CoreEntry> entryFor)
    {
        var me = Cpu.Core.Id;
        var link = new BootLink(me, Cpu.Transport.Create(me, core), Cpu.Transport.Create(core, me));
        _ = AddLink(core, Cpu.Transport.OpenSender(link.ToChild), Cpu.Transport.OpenReceiver(link.ToParent));
        var reported = new TaskCompletionSource();
        _reports[core] = reported;
        var started = Cpu.NowNs;
        Platform.StartCore(core, entryFor(link));
        while (!reported.Task.IsCompleted)
        {
            if (Platform.StartFailure(core) is { } why)
            {
                RemoveLink(core);
                Cpu.Transport.Free(link.ToChild);
                Cpu.Transport.Free(link.ToParent);
                var cpu = Platform.Topology.Cores[core].OsCpu;
                throw new SharpfishException(ErrorCode.CoreFailedToStart, $"core {core}{(cpu >= 0 ? $" (cpu {cpu})" : "")} failed to start: {why}");
            }

            if (Cpu.NowNs - started > BootTimeoutNs)
            {
                RemoveLink(core); // its memory stays: the core may still wake up and use it
                throw new SharpfishException(ErrorCode.CoreFailedToStart, $"core {core} did not report in within {BootTimeoutNs / 1_000_000_000} s");
            }

            await Task.WhenAny(reported.Task, Dispatcher.SleepAsync(StartPollNs));
        }

        var record = new CoreBootRecord(core, Cpu.NowNs - started);
        _bootRecords.Add(record);
        return record;
    }

    private async Task HaltAsync()
    {
        foreach (var link in _links)
        {
            var acked = new TaskCompletionSource();
            _haltAcks[link.Peer] = acked;
            Send(link, IntermonMessage.Halt);
        }

        foreach (var acked in _haltAcks.Values)
        {
            await acked.Task;
        }

        Cpu.Halt();
    }

    private void Handle(IntermonLink link, IntermonMessage message, ulong word)
    {
        switch (message)
        {
            case IntermonMessage.BootReport when _reports.Remove(link.Peer, out var reported):
                reported.SetResult();
                break;
            case IntermonMessage.Halt:
                Send(link, IntermonMessage.HaltAck, (ulong)Cpu.Core.Id);
                _haltWhenSent = true;
                break;
            case IntermonMessage.HaltAck when _haltAcks.TryGetValue(link.Peer, out var acked):
                acked.TrySetResult();
                break;
            case IntermonMessage.Ping:
                Send(link, IntermonMessage.Pong, word);
                break;
            case IntermonMessage.Pong when _pings.Remove(word, out var ping):
                ping.Done.SetResult();
                break;
            default:
                Platform.Console.WriteLine($"monitor {Cpu.Core.Id}: dropped unexpected {message} from core {link.Peer}");
                break;
        }
    }

    private void RemoveLink(int peer)
    {
        _links.Remove(_linkTo[peer]);
        _linkTo.Remove(peer);
        _reports.Remove(peer);
    }

    private IntermonLink AddLink(int peer, IChannelSender tx, IChannelReceiver rx)
    {
        var link = new IntermonLink(peer, tx, rx);
        _links.Add(link);
        _linkTo[peer] = link;
        return link;
    }

    /// <summary>Sends now, or queues behind earlier sends when the channel (or the queue) is not empty.</summary>
    private void Send(IntermonLink link, IntermonMessage message, ulong word = 0)
    {
        if (_outbox.Count > 0 || !link.TrySend(message, word))
        {
            _outbox.Enqueue((link, message, word));
        }
    }

    private bool FlushOutbox()
    {
        var sent = false;
        while (_outbox.TryPeek(out var next) && next.Link.TrySend(next.Message, next.Word))
        {
            _outbox.Dequeue();
            sent = true;
        }

        return sent;
    }
}
