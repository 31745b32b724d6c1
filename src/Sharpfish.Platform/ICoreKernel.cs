namespace Sharpfish.Platform;

/// <summary>
/// What the platform drives on each core: the kernel (CPU driver and monitor) of that core. Single-threaded and
/// event-driven: the platform calls <see cref="Poll"/> in a loop on the core's own thread (hosted) or when the
/// simulator steps the core, and idles the core when a poll finds nothing to do.
/// </summary>
public interface ICoreKernel
{
    /// <summary>Handles whatever is pending (messages, expired timers, runnable work). Returns false only when
    /// nothing at all was pending, which lets the platform idle the core.</summary>
    bool Poll();

    /// <summary>Platform time (<see cref="Core.NowNs"/>) of the next timer, or <see cref="long.MaxValue"/>.</summary>
    long NextDeadlineNs { get; }

    /// <summary>True once the kernel has halted; its core stops.</summary>
    bool Halted { get; }
}

/// <summary>The entry point of a core: runs on that core when it starts and returns its kernel.</summary>
public delegate ICoreKernel CoreEntry(Core core);
