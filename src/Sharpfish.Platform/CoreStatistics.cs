namespace Sharpfish.Platform;

/// <summary>How a core spent its time; written only by the core itself, read by its own kernel.</summary>
public sealed class CoreStatistics
{
    /// <summary>Polls that found work.</summary>
    public long BusyPolls { get; internal set; }

    /// <summary>Times the core stopped polling and blocked on its doorbell.</summary>
    public long Sleeps { get; internal set; }

    /// <summary>Nanoseconds spent blocked.</summary>
    public long SleptNs { get; internal set; }

    /// <summary>Current poll-before-block period P in nanoseconds (§5.2 of the paper; adaptive).</summary>
    public long PollPeriodNs { get; internal set; }
}
