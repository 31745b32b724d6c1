namespace Sharpfish.Runtime;

/// <summary>
/// A dispatcher's event multiplexer (Barrelfish's waitset): the channels and devices its threads wait on. Each run
/// upcall polls every source once, in registration order, and each source dispatches a bounded batch, so one busy
/// channel cannot starve the others. When no source has anything, the dispatcher reports idle and the core polls
/// for a while, then blocks on its doorbell, which senders ring (the paper's poll-then-block, §5.2).
/// </summary>
public sealed class Waitset
{
    private readonly List<IEventSource> _sources = [];

    /// <summary>Number of registered sources.</summary>
    public int Count => _sources.Count;

    /// <summary>Adds a source; it is polled from the next run on.</summary>
    public void Add(IEventSource source) => _sources.Add(source);

    /// <summary>Removes a source.</summary>
    public void Remove(IEventSource source) => _sources.Remove(source);

    /// <summary>Polls every source once; true when any had something.</summary>
    public bool Poll()
    {
        var any = false;
        for (var i = 0; i < _sources.Count; i++)
        {
            any |= _sources[i].Poll();
        }

        return any;
    }
}
