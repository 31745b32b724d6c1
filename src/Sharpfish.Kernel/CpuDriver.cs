using Sharpfish.Capabilities;
using Sharpfish.Kernel.Lmp;
using Sharpfish.Platform;
using Sharpfish.Transports;

namespace Sharpfish.Kernel;

/// <summary>
/// The kernel of one core (paper §4.3): single-threaded, event-driven, non-preemptible. Each poll fires due timers
/// and gives every dispatcher on the run queue a "run" upcall, highest priority first. It shares nothing with
/// other cores: everything it holds was made on its core, and it talks to other cores only through channels.
/// </summary>
public sealed class CpuDriver : ICoreKernel
{
    /// <summary>How long a dispatcher may run per upcall before it should return.</summary>
    public const long TimeSliceNs = 2_000_000;

    /// <summary>How far past its slice an upcall may run before <see cref="OnSliceOverrun"/> hears of it: that long,
    /// every other dispatcher of the core, the monitor included, waited.</summary>
    public const long OverrunReportNs = 50 * TimeSliceNs;

    /// <summary>Modelled cost of an LMP send on the simulator: the system call and the copy (hosted time is measured).</summary>
    public const long LmpSendCycles = 150;

    private readonly List<DispatcherControlBlock> _runQueue = [];
    private readonly Dictionary<int, MemoryRegion> _cspaceMemory = [];
    private bool _runQueueChanged;

    /// <summary>Creates the CPU driver of <paramref name="core"/>; call on that core.</summary>
    public CpuDriver(Core core)
    {
        Core = core;
        Transport = Transport.For(core.Platform);
        Channels = new Channels(this);
        Caps = new CapabilityInvocations(core.Id);
        VNodes = new VNodeInvocations(core.Id);
        Tlbs = new Tlbs(core);
    }

    /// <summary>The core this driver runs.</summary>
    public Core Core { get; }

    /// <summary>The platform, for starting cores and allocating channel memory.</summary>
    public Platform.Platform Platform => Core.Platform;

    /// <summary>The transport cross-core channels use on this platform.</summary>
    public Transport Transport { get; }

    /// <summary>The core's channels, by handle (LMP on this core, the transport across cores).</summary>
    public Channels Channels { get; }

    /// <summary>The core's capability invocations and its mapping database.</summary>
    public CapabilityInvocations Caps { get; }

    /// <summary>The core's page-table invocations.</summary>
    public VNodeInvocations VNodes { get; }

    /// <summary>The core's TLB, by address space.</summary>
    public Tlbs Tlbs { get; }

    /// <summary>The core's timers.</summary>
    public TimerQueue Timers { get; } = new();

    /// <summary>The dispatchers this core runs, in scheduling order.</summary>
    public IReadOnlyList<DispatcherControlBlock> RunQueue => _runQueue;

    /// <inheritdoc/>
    public bool Halted { get; private set; }

    /// <inheritdoc/>
    public long NextDeadlineNs => Timers.NextDeadline;

    /// <summary>Told when a dispatcher returns from an upcall more than <see cref="OverrunReportNs"/> after its slice
    /// ended, with how long the upcall ran (this kernel cannot preempt; its monitor decides what to do).</summary>
    public Action<DispatcherControlBlock, long>? OnSliceOverrun { get; set; }

    /// <summary>Now, in platform nanoseconds.</summary>
    public long NowNs => Core.NowNs;

    /// <summary>Adds a dispatcher to the run queue.</summary>
    public DispatcherControlBlock AddDispatcher(string name, int domainId, int priority, IUpcallHandler upcalls)
    {
        var dcb = new DispatcherControlBlock(name, domainId, priority, upcalls);
        var at = _runQueue.FindIndex(d => d.Priority < priority);
        _runQueue.Insert(at < 0 ? _runQueue.Count : at, dcb);
        _runQueueChanged = true;
        return dcb;
    }

    /// <summary>Takes a dispatcher off the run queue for good.</summary>
    public void RemoveDispatcher(DispatcherControlBlock dcb)
    {
        dcb.Live = false;
        _runQueue.Remove(dcb);
        _runQueueChanged = true;
    }

    /// <summary>Makes a same-core channel (LMP) with room for <paramref name="slots"/> messages.</summary>
    public (LmpSender Sender, LmpEndpoint Endpoint) CreateLmpChannel(int slots = Transport.DefaultSlots)
    {
        var endpoint = new LmpEndpoint(Core.Id, slots);
        return (new LmpSender(this, endpoint), endpoint);
    }

    /// <summary>A sending end for an LMP endpoint of this core.</summary>
    internal LmpSender LmpSenderFor(LmpEndpoint endpoint) => new(this, endpoint);

    /// <summary>The LMP send invocation: copies a message into an endpoint of this core.</summary>
    internal bool LmpSend(LmpEndpoint target, MessageHeader header, in Payload payload)
    {
        Core.Charge(LmpSendCycles);
        return target.Deliver(header, payload);
    }

    /// <summary>Makes a domain's CSpace on this core (the monitor calls this when it starts a dispatcher): its root
    /// CNode comes from kernel memory of this core's node, never from the RAM pool.</summary>
    internal CSpace CreateDomainCSpace()
    {
        var page = (long)RetypeTable.PageBytes;
        var region = Platform.AllocateMemory(Platform.Topology.Cores[Core.Id].Node, (long)RetypeTable.L2CNodeBytes + page);
        var cspace = Caps.CreateDomainCSpace((ulong)((region.Address + page - 1) & ~(page - 1)));
        _cspaceMemory[cspace.Id] = region;
        return cspace;
    }

    /// <summary>Deletes a domain's CSpace on this core (the domain ended here): every capability in it goes, RAM
    /// whose last capability that was returns to its pool, and the kernel memory of its root CNode is freed.</summary>
    internal void DestroyDomainCSpace(CSpace cspace)
    {
        Caps.DestroyCSpace(cspace);
        if (_cspaceMemory.Remove(cspace.Id, out var region))
        {
            Platform.FreeMemory(region);
        }
    }

    /// <summary>Stops the core after the current poll.</summary>
    public void Halt() => Halted = true;

    /// <inheritdoc/>
    public bool Poll()
    {
        var now = Core.NowNs;
        var worked = Timers.FireDue(now) > 0;
        _runQueueChanged = false;
        for (var i = 0; i < _runQueue.Count && !Halted; i++)
        {
            var dcb = _runQueue[i];
            var sliceEnd = now + TimeSliceNs;
            if (dcb.Upcalls.Run(sliceEnd))
            {
                worked = true;
                dcb.BusyUpcalls++;
                var end = Core.NowNs;
                dcb.RunNs += end - now;
                if (end > sliceEnd)
                {
                    dcb.Overruns++;
                }

                if (end - sliceEnd > OverrunReportNs)
                {
                    dcb.LongOverrunsInARow++;
                    OnSliceOverrun?.Invoke(dcb, end - now);
                }
                else
                {
                    dcb.LongOverrunsInARow = 0;
                }

                now = end;
            }

            if (_runQueueChanged)
            {
                break; // an upcall added or removed a dispatcher; the next poll sees the new queue
            }
        }

        return worked;
    }
}
