namespace Sharpfish.Platform;

/// <summary>
/// The adaptive poll-then-block rule of the paper's §5.2: an idle core polls for P, then blocks and pays the
/// wake-up cost C when work arrives. P = C bounds the overhead at 2C; this policy starts there and adapts: when
/// work keeps arriving shortly after the core blocked, P doubles (blocking was a waste); when idle periods are
/// long, P shrinks by a quarter (the polling was a waste). Owned by one core.
/// </summary>
public sealed class PollPolicy(long wakeCostNs, long minNs = 1_000, long maxNs = 1_000_000)
{
    /// <summary>How long to poll before blocking, in nanoseconds.</summary>
    public long PeriodNs { get; private set; } = Math.Clamp(wakeCostNs, minNs, maxNs);

    /// <summary>The wake-up cost C this policy balances against.</summary>
    public long WakeCostNs { get; } = wakeCostNs;

    /// <summary>Records an idle period of <paramref name="idleNs"/> that ended while the core blocked.</summary>
    public void EndedAfterBlocking(long idleNs)
    {
        PeriodNs = idleNs < PeriodNs + (2 * WakeCostNs)
            ? Math.Min(maxNs, PeriodNs * 2)
            : Math.Max(minNs, PeriodNs - (PeriodNs / 4));
    }
}
