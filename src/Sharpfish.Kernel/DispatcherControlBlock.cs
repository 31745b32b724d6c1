namespace Sharpfish.Kernel;

/// <summary>
/// The CPU driver's record of one dispatcher (Barrelfish's DCB): whom to upcall, its priority, and what it has
/// used. Lives on the dispatcher's core; only that core's CPU driver touches it.
/// </summary>
public sealed class DispatcherControlBlock(string name, int domainId, int priority, IUpcallHandler upcalls)
{
    /// <summary>Name of the domain, for ps and traces.</summary>
    public string Name { get; } = name;

    /// <summary>The domain this dispatcher belongs to.</summary>
    public int DomainId { get; } = domainId;

    /// <summary>Scheduling priority: higher runs first each round (the monitor runs above applications).</summary>
    public int Priority { get; } = priority;

    /// <summary>The dispatcher's upcall entry points.</summary>
    public IUpcallHandler Upcalls { get; } = upcalls;

    /// <summary>Nanoseconds this dispatcher has run.</summary>
    public long RunNs { get; internal set; }

    /// <summary>Upcalls that found work.</summary>
    public long BusyUpcalls { get; internal set; }

    /// <summary>Times the dispatcher overran its time slice (it did not return to the CPU driver in time).</summary>
    public long Overruns { get; internal set; }

    /// <summary>Overruns longer than <see cref="CpuDriver.OverrunReportNs"/> since the last busy upcall that kept
    /// within that.</summary>
    public int LongOverrunsInARow { get; internal set; }

    /// <summary>False once removed from the run queue.</summary>
    public bool Live { get; internal set; } = true;
}
