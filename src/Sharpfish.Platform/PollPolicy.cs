namespace Sharpfish.Platform;

/// <summary>
/// The adaptive poll-then-block rule of the paper's §5.2: an idle core polls for P, then blocks and pays the
/// wake-up cost C when work arrives. P = C bounds the overhead at 2C; this policy starts there and adapts: when
/// work keeps arriving shortly after the core blocked, P doubles (blocking was a waste); when idle periods are
/// long, P shrinks by a quarter (the polling was a waste). Times are in one unit of the caller's choice
/// (nanoseconds hosted, cycles simulated). Owned by one core.
/// </summary>
public sealed class PollPolicy(long wakeCost, long min, long max)
{
    /// <summary>How long to poll before blocking.</summary>
    public long Period { get; private set; } = Math.Clamp(wakeCost, min, max);

    /// <summary>The wake-up cost C this policy balances against.</summary>
    public long WakeCost { get; } = wakeCost;

    /// <summary>Records an idle period of <paramref name="idle"/> that ended after the core blocked.</summary>
    public void EndedAfterBlocking(long idle)
    {
        Period = idle < Period + (2 * WakeCost)
            ? Math.Min(max, Period * 2)
            : Math.Max(min, Period - (Period / 4));
    }
}
