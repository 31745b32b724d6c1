using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Harness;

/// <summary>
/// Runs one body per host CPU on threads pinned there, released together by a start line, and waits for all.
/// Each thread is marked as running the Sharpfish core whose channel ends it uses, so Debug ownership checks
/// hold. Benchmarks measure with these raw threads, so what they time is the transport, not the scheduler.
/// </summary>
public static class PinnedThreads
{
    /// <summary>Runs <paramref name="bodies"/>[i] on host CPU <paramref name="cpus"/>[i] as core <paramref name="cores"/>[i].</summary>
    public static void Run(IReadOnlyList<int> cpus, IReadOnlyList<int> cores, IReadOnlyList<Action> bodies)
    {
        var ready = 0;
        var go = 0;
        Exception? failure = null;
        var threads = new Thread[bodies.Count];
        for (var i = 0; i < bodies.Count; i++)
        {
            var index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    if (cpus[index] >= 0)
                    {
                        Affinity.PinCurrentThread(cpus[index]);
                    }

                    CoreOwnership.Enter(cores[index]);
                    Interlocked.Increment(ref ready);
                    while (Volatile.Read(ref go) == 0)
                    {
                        Thread.SpinWait(1);
                    }

                    bodies[index]();
                }
#pragma warning disable CA1031 // the first failure of any thread is rethrown on the caller's thread
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            }, 1 << 20) { IsBackground = true, Name = $"bench cpu {cpus[i]}" };
            threads[i].Start();
        }

        while (Volatile.Read(ref ready) < bodies.Count && Volatile.Read(ref failure) is null)
        {
            Thread.Sleep(1);
        }

        Volatile.Write(ref go, 1);
        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"a benchmark thread failed: {failure.Message}", failure);
        }
    }
}
