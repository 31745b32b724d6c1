using System.Threading;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform;

/// <summary>
/// The machine Sharpfish runs on: hosted on Linux (one pinned thread per core) or simulated (virtual cores on one
/// host thread, virtual time). Together with the transports this is the only code that knows the hardware
/// (rule 2). Methods marked "any core" are the hardware's own operations and are safe to call from every core.
/// </summary>
public abstract class Platform : IDisposable
{
    private bool _disposed;

    /// <summary>Creates a platform over <paramref name="topology"/>.</summary>
    protected Platform(MachineTopology topology, PlatformConsole console)
    {
        Topology = topology;
        Console = console;
    }

    /// <summary>The machine's cores, caches and nodes.</summary>
    public MachineTopology Topology { get; }

    /// <summary>The console device (serial line / terminal).</summary>
    public PlatformConsole Console { get; }

    /// <summary>The result port: records domains write for the host that runs the machine.</summary>
    public ResultPort Results { get; } = new();

    /// <summary>"hosted" or "simulated".</summary>
    public abstract string Kind { get; }

    /// <summary>True when time is virtual and runs are reproducible from a seed.</summary>
    public abstract bool IsSimulated { get; }

    /// <summary>Set once the power button was pressed (Ctrl-C); the BSP's kernel polls it and halts the system.</summary>
    public bool PowerButtonPressed => Volatile.Read(ref _powerButton) != 0;

    private int _powerButton;

    /// <summary>Boots the machine: starts core 0 (the BSP) at <paramref name="bspEntry"/> and returns once every
    /// started core has halted and its thread has ended.</summary>
    /// <exception cref="Errors.SharpfishException">A core panicked or the machine stalled.</exception>
    public abstract void Run(CoreEntry bspEntry);

    /// <summary>Starts another core at <paramref name="entry"/> (called on a running core, normally the BSP).
    /// Start failures are reported through <see cref="StartFailure"/>, not thrown.</summary>
    public abstract void StartCore(int core, CoreEntry entry);

    /// <summary>Why <paramref name="core"/> failed to start, or null while it is starting or running (any core).</summary>
    public abstract string? StartFailure(int core);

    /// <summary>The doorbell of <paramref name="core"/> (any core).</summary>
    public abstract Doorbell DoorbellOf(int core);

    /// <summary>How <paramref name="core"/> spent its time, or null if it never started. Read it after the run
    /// (the core writes it while it runs).</summary>
    public abstract CoreStatistics? StatisticsOf(int core);

    /// <summary>Allocates zeroed, cache-line-aligned memory on <paramref name="node"/> (any core).</summary>
    public abstract MemoryRegion AllocateMemory(int node, long bytes);

    /// <summary>Returns memory from <see cref="AllocateMemory"/> (any core).</summary>
    public abstract void FreeMemory(MemoryRegion region);

    /// <summary>True when <paramref name="region"/> is memory this platform handed out and has not had back
    /// (any core): how a transport checks a channel's memory named in a message.</summary>
    public abstract bool IsAllocated(MemoryRegion region);

    /// <summary>Presses the power button: asks the BSP to halt the system cleanly (any thread).</summary>
    public void PressPowerButton()
    {
        Volatile.Write(ref _powerButton, 1);
        WakeBsp();
    }

    /// <summary>Makes the BSP notice the power button (rings its doorbell; the simulator checks between steps).</summary>
    protected virtual void WakeBsp() => DoorbellOf(0).Ring();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Frees the platform's memory and devices.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
