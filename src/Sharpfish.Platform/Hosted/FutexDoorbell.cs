using System.Threading;

namespace Sharpfish.Platform.Hosted;

/// <summary>
/// A doorbell on a futex word in the owning core's platform memory: 0 while the core polls, 1 while it sleeps.
/// A ringer that reads 0 does nothing else, so ringing a polling core is one read of a line that stays shared in
/// the ringer's cache.
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

    internal FutexDoorbell(int* word) => _word = word;

    /// <inheritdoc/>
    public override bool IsSleeping => Volatile.Read(ref *_word) != 0;

    /// <inheritdoc/>
    public override void Ring()
    {
        if (Volatile.Read(ref *_word) != 0 && Interlocked.Exchange(ref *_word, 0) != 0)
        {
            Linux.FutexWake(_word);
        }
    }

    /// <summary>Blocks the owning core until rung or until <paramref name="timeoutNs"/> passes (negative: no
    /// limit), unless <paramref name="poll"/> finds work first. Returns true when it actually blocked.</summary>
    internal bool Sleep(ICoreKernel poll, long timeoutNs)
    {
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
        return blocked;
    }
}
