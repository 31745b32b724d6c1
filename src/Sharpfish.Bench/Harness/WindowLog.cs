using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Harness;

/// <summary>
/// The windows of one thread in a many-thread measurement: when each began and ended (TSC, the same clock on every
/// core) and whether the thread was preempted in it. Summarising drops every window that overlaps a
/// window in which any thread was preempted: a preempted spinner turns "n cores" into fewer without saying so.
/// </summary>
public sealed class WindowLog(int count)
{
    private readonly long[] _begin = new long[count];
    private readonly long[] _end = new long[count];
    private readonly int[] _operations = new int[count];
    private readonly bool[] _preempted = new bool[count];
    private long _switches;
    private int _next;

    /// <summary>Starts the next window.</summary>
    public void Begin()
    {
        _switches = HostThread.InvoluntaryContextSwitches();
        _begin[_next] = Tsc.Read();
    }

    /// <summary>Ends the window, in which <paramref name="operations"/> were done.</summary>
    public void End(int operations)
    {
        _end[_next] = Tsc.Read();
        _operations[_next] = operations;
        _preempted[_next] = HostThread.InvoluntaryContextSwitches() != _switches;
        _next++;
    }

    /// <summary>Windows recorded.</summary>
    public int Count => _next;

    /// <summary>Windows this log can hold.</summary>
    public int Capacity => _begin.Length;

    /// <summary>Cycles per operation over this thread's windows in which it was not preempted.</summary>
    public Summary Summarise() => Summarise([this]);

    /// <summary>Cycles per operation over all threads' windows that lie where every thread was measuring and that
    /// no preemption overlapped.</summary>
    public static Summary Summarise(IReadOnlyList<WindowLog> threads)
    {
        if (threads.Any(t => t.Count == 0))
        {
            return Summary.Of([], []); // a thread never measured: no window had them all running
        }

        var preempted = threads.SelectMany(t => Enumerable.Range(0, t.Count).Where(i => t._preempted[i]).Select(i => (t._begin[i], t._end[i]))).ToArray();
        var allStarted = threads.Max(t => t._begin[0]);
        var firstDone = threads.Min(t => t._end[t.Count - 1]);
        var values = new List<double>();
        var dropped = new List<bool>();
        foreach (var thread in threads)
        {
            for (var i = 0; i < thread.Count; i++)
            {
                values.Add((double)(thread._end[i] - thread._begin[i]) / thread._operations[i]);
                dropped.Add(thread._begin[i] < allStarted || thread._end[i] > firstDone || preempted.Any(p => p.Item1 < thread._end[i] && thread._begin[i] < p.Item2));
            }
        }

        return Summary.Of(values, dropped);
    }
}
