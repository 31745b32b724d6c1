using System.Threading;

namespace Sharpfish.Platform.Hosted;

/// <summary>
/// A doorbell on a futex word in the owning core's platform memory: 0 while the core polls, 1 while it sleeps.
/// A ringer that reads 0 does nothing else, so ringing a polling core is one read of a line that stays shared in
/// the ringer's cache. A ringer that wakes a sleeper also stamps the time in the same line, so the sleeper learns
/// what its wake-up cost.
/// </summary>
/// <remarks>
/// Senders do not fence between publishing a message and reading the flag (that would stall every send on the
/// store buffer), so a message published just as the owner announces sleep can be missed by both sides. The owner
/// closes that window in <see cref="Sleep"/>: after announcing it polls, blocks only for a short grace period,
/// polls again, and only then blocks without limit. Any message whose publishing raced with the announcement is
/// visible by the second poll, because a store buffer drains in far less than the grace period.
/// </remarks>
public sealed unsafe class FutexDoorbell : Doorbell
{
    /// <summary>How long the first block lasts before the owner polls once more (see remarks).</summary>
    public const long GraceNs = 50_000;

    private readonly int* _word;
    private readonly long* _rungAt;

    /// <summary>Makes a doorbell on a cache line of platform memory: the futex word, then the ring stamp.</summary>
    internal FutexDoorbell(int* line)
    {
        _word = line;
        _rungAt = (long*)(line + 2);
    }

    /// <inheritdoc/>
    public override bool IsSleeping => Volatile.Read(ref *_word) != 0;

    /// <inheritdoc/>
    public override void Ring()
    {
        if (Volatile.Read(ref *_word) != 0)
        {
            Volatile.Write(ref *_rungAt, HostedCore.Clock());
            if (Interlocked.Exchange(ref *_word, 0) != 0)
            {
                Linux.FutexWake(_word);
            }
        }
    }

    /// <summary>Blocks the owning core until rung or until <paramref name="timeoutNs"/> passes (negative: no
    /// limit), unless <paramref name="poll"/> finds work first. Returns whether it actually blocked, and when it
    /// was last rung (host clock nanoseconds; 0 if it was not).</summary>
    internal (bool Blocked, long RungAtNs) Sleep(ICoreKernel poll, long timeoutNs)
    {
        Volatile.Write(ref *_rungAt, 0);
        Interlocked.Exchange(ref *_word, 1); // announce, with a full fence before the polls below
        var blocked = false;
        if (!poll.Poll() && !poll.Halted)
        {
            blocked = true;
            var grace = timeoutNs < 0 ? GraceNs : Math.Min(GraceNs, timeoutNs);
            Linux.FutexWait(_word, 1, grace);
            if (Volatile.Read(ref *_word) != 0 && (timeoutNs < 0 || timeoutNs > grace) && !poll.Poll() && !poll.Halted)
            {
                Linux.FutexWait(_word, 1, timeoutNs < 0 ? -1 : timeoutNs - grace);
            }
        }

        Volatile.Write(ref *_word, 0);
        return (blocked, Volatile.Read(ref *_rungAt));
    }
}
