namespace Sharpfish.Kernel;

/// <summary>
/// The core's timers: callbacks ordered by deadline (platform nanoseconds), ties in arming order. Owned by the
/// CPU driver of one core.
/// </summary>
public sealed class TimerQueue
{
    private readonly PriorityQueue<Action, (long Deadline, long Sequence)> _timers = new();
    private long _sequence;

    /// <summary>The earliest deadline, or <see cref="long.MaxValue"/> when no timer is armed.</summary>
    public long NextDeadline => _timers.TryPeek(out _, out var key) ? key.Deadline : long.MaxValue;

    /// <summary>Number of armed timers.</summary>
    public int Count => _timers.Count;

    /// <summary>Arms <paramref name="callback"/> to run once at or after <paramref name="deadline"/>.</summary>
    public void Arm(long deadline, Action callback) => _timers.Enqueue(callback, (deadline, _sequence++));

    /// <summary>Runs every timer whose deadline is at or before <paramref name="now"/>; returns how many ran.</summary>
    public int FireDue(long now)
    {
        var fired = 0;
        while (_timers.TryPeek(out _, out var key) && key.Deadline <= now)
        {
            _timers.Dequeue()();
            fired++;
        }

        return fired;
    }
}
