namespace Sharpfish.Monitors;

/// <summary>
/// The age of a capability operation, for wait-die between cores: when it began (platform nanoseconds, kept across
/// its restarts) and its core, a total order. An operation that finds a lock held by a younger one waits in that
/// lock's queue; one that finds it held by an older one gives up every lock it holds and starts again once that lock
/// goes. Every wait that holds locks is of an older operation on a younger one, so no cycle of waits can form, and an
/// operation that keeps its age through restarts becomes the oldest in the end, so none starves.
/// </summary>
internal readonly record struct CapTicket(long Since, int Core)
{
    /// <summary>True when this operation began before <paramref name="other"/>.</summary>
    public bool IsOlderThan(CapTicket other) => Since < other.Since || (Since == other.Since && Core < other.Core);
}
