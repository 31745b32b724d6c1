namespace Sharpfish.Platform;

/// <summary>
/// The adaptive poll-then-block rule of the paper's §5.2: an idle core polls for P, then blocks and pays the
/// wake-up cost C when work arrives. P = C bounds the overhead at 2C; this policy starts there and adapts: when
/// work keeps arriving shortly after the core blocked, P doubles (blocking was a waste); when idle periods are
/// long, P shrinks by a quarter (the polling was a waste). C starts from an estimate and follows the wake-ups the
/// core measures; "shortly" is judged on when the work arrived, not when the slow wake-up finished, or a host with
/// costly wake-ups would shrink P forever and block between every two messages. Times are in one unit of the
/// caller's choice (nanoseconds hosted, cycles simulated). Owned by one core.
/// </summary>
public sealed class PollPolicy(long wakeCost, long min, long max)
{
    /// <summary>How long to poll before blocking.</summary>
    public long Period { get; private set; } = Math.Clamp(wakeCost, min, max);

    /// <summary>The wake-up cost C this policy balances against: a moving average of the measured wake-ups.</summary>
    public long WakeCost { get; private set; } = wakeCost;

    /// <summary>Records an idle period of <paramref name="idle"/> that ended after the core blocked, the last
    /// <paramref name="wakeLatency"/> of it spent waking up after the doorbell rang (0 when not measured).</summary>
    public void EndedAfterBlocking(long idle, long wakeLatency)
    {
        if (wakeLatency > 0)
        {
            WakeCost += (wakeLatency - WakeCost) / 8;
        }

        var quiet = idle - wakeLatency; // until the work arrived
        Period = quiet < Period + (2 * WakeCost)
            ? Math.Min(max, Math.Max(Period * 2, WakeCost))
            : Math.Max(min, Period - (Period / 4));
    }
}
