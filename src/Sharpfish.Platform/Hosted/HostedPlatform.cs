using System.Runtime.InteropServices;
using System.Threading;
using Sharpfish.Errors;
using Sharpfish.Platform.Memory;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Hosted;

/// <summary>
/// Sharpfish hosted on Linux: every core is a dedicated thread pinned with sched_setaffinity to its CPU (or
/// unpinned when more cores are asked for than the host has), doorbells are futexes, memory is mmap'd and bound
/// to its NUMA node, the clock is the TSC.
/// </summary>
public sealed unsafe class HostedPlatform : Platform
{
    /// <summary>Default estimate of C, the cost of blocking and being woken, for the poll policy.</summary>
    public const long DefaultWakeCostNs = 20_000;

    private readonly bool _pin;
    private readonly long _wakeCostNs;
    private readonly RegionAllocator _memory;
    private readonly MemoryRegion _doorbellMemory;
    private readonly FutexDoorbell[] _doorbells;
    private readonly Thread?[] _threads;
    private readonly HostedCore?[] _cores;
    private readonly string?[] _startFailures;
    private readonly Lock _lifecycle = new();
    private readonly List<string> _panics = [];
    private int _emergencyStop;

    /// <summary>Creates the platform. With <paramref name="pin"/> every core's thread is pinned to its
    /// <see cref="CoreInfo.OsCpu"/>; the topology's cores must then exist on the host.</summary>
    /// <exception cref="SharpfishException">Pinning was asked for a core the host lacks.</exception>
    public HostedPlatform(MachineTopology topology, PlatformConsole console, bool pin, long wakeCostNs = DefaultWakeCostNs)
        : base(topology, console)
    {
        if (pin)
        {
            var allowed = Affinity.AllowedCpus();
            foreach (var core in topology.Cores.Where(c => c.OsCpu < 0 || !allowed.Contains(c.OsCpu)))
            {
                throw new SharpfishException(ErrorCode.HostLacksCore,
                    $"core {core.Id} cannot be pinned: this host lets Sharpfish use CPUs {CpuList.Format(allowed)} only");
            }
        }

        _pin = pin;
        _wakeCostNs = wakeCostNs;
        var multiNode = topology.Nodes.Count > 1;
        _memory = new RegionAllocator(
            (node, bytes) => MapChunk(node, bytes, multiNode),
            (address, bytes) => Linux.munmap((void*)address, (nuint)bytes));
        _doorbellMemory = _memory.Allocate(0, topology.CoreCount * MemoryRegion.CacheLine);
        _doorbells = [.. Enumerable.Range(0, topology.CoreCount)
            .Select(i => new FutexDoorbell((int*)(_doorbellMemory.Address + (i * MemoryRegion.CacheLine))))];
        _threads = new Thread?[topology.CoreCount];
        _cores = new HostedCore?[topology.CoreCount];
        _startFailures = new string?[topology.CoreCount];
    }

    /// <inheritdoc/>
    public override string Kind => "hosted";

    /// <inheritdoc/>
    public override bool IsSimulated => false;

    /// <summary>True when core threads are pinned to host CPUs.</summary>
    public bool Pinned => _pin;

    /// <summary>Platform memory handed out and not yet freed, in bytes.</summary>
    public long MemoryInUse => _memory.BytesInUse;

    /// <summary>Set when a core panicked: every core loop stops at once.</summary>
    internal bool EmergencyStop => Volatile.Read(ref _emergencyStop) != 0;

    /// <inheritdoc/>
    public override void Run(CoreEntry bspEntry)
    {
        StartCore(0, bspEntry);
        for (var next = 0; ; next++)
        {
            Thread? thread;
            lock (_lifecycle)
            {
                // Threads are started by cores while we wait; join them in id order until none is left.
                while (next < _threads.Length && _threads[next] is null)
                {
                    next++;
                }

                if (next >= _threads.Length)
                {
                    break;
                }

                thread = _threads[next];
            }

            thread!.Join();
        }

        lock (_lifecycle)
        {
            if (_panics.Count > 0)
            {
                throw new SharpfishException(ErrorCode.CoreFailedToStart, string.Join("; ", _panics));
            }
        }
    }

    /// <inheritdoc/>
    public override void StartCore(int core, CoreEntry entry)
    {
        if (core < 0 || core >= Topology.CoreCount)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"core {core} does not exist");
        }

        var hosted = new HostedCore(this, Topology.Cores[core], _doorbells[core], _wakeCostNs);
        var thread = new Thread(() => CoreThread(hosted, entry), 1 << 20) { IsBackground = true, Name = $"core {core}" };
        lock (_lifecycle)
        {
            if (_threads[core] is not null)
            {
                throw new SharpfishException(ErrorCode.BadArgument, $"core {core} was already started");
            }

            _threads[core] = thread;
            _cores[core] = hosted;
        }

        thread.Start();
    }

    /// <inheritdoc/>
    public override string? StartFailure(int core) => Volatile.Read(ref _startFailures[core]);

    /// <inheritdoc/>
    public override CoreStatistics? StatisticsOf(int core) => _cores[core]?.Statistics;

    /// <inheritdoc/>
    public override Doorbell DoorbellOf(int core) => _doorbells[core];

    /// <inheritdoc/>
    public override MemoryRegion AllocateMemory(int node, long bytes) => _memory.Allocate(node, bytes);

    /// <inheritdoc/>
    public override void FreeMemory(MemoryRegion region) => _memory.Free(region);

    /// <inheritdoc/>
    public override bool IsAllocated(MemoryRegion region) => _memory.IsLive(region);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _memory.Dispose();
        base.Dispose(disposing);
    }

    private void CoreThread(HostedCore core, CoreEntry entry)
    {
        try
        {
            core.Run(entry, _pin);
        }
        catch (SharpfishException e) when (e.Code == ErrorCode.PinFailed)
        {
            Volatile.Write(ref _startFailures[core.Id], e.Message);
        }
#pragma warning disable CA1031 // A panicking core must not take the process down: it stops the machine and is reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_lifecycle)
            {
                _panics.Add($"core {core.Id} panicked: {e.GetType().Name}: {e.Message}");
            }

            Volatile.Write(ref _startFailures[core.Id], $"panicked: {e.Message}");
            Volatile.Write(ref _emergencyStop, 1);
            foreach (var doorbell in _doorbells)
            {
                doorbell.Ring();
            }
        }
    }

    private static nint MapChunk(int node, long bytes, bool bindToNode)
    {
        var address = Linux.mmap(null, (nuint)bytes, Linux.ProtRead | Linux.ProtWrite, Linux.MapPrivate | Linux.MapAnonymous, -1, 0);
        if (address == (void*)-1)
        {
            throw new SharpfishException(ErrorCode.OutOfMemory, $"mmap of {bytes} bytes failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        if (bindToNode)
        {
            _ = Linux.Mbind(address, (nuint)bytes, node); // a placement hint: memory elsewhere is slower, not wrong
        }

        return (nint)address;
    }
}
