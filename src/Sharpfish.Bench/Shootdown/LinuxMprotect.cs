using System.Threading;
using Sharpfish.Bench.Harness;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// Linux's own shootdown, the baseline of the paper's Figure 7: threads pinned to N CPUs keep reading one page (so
/// every CPU holds its translation), and the first makes it read-only and writable again with <c>mprotect</c>.
/// Taking write permission away must reach every CPU's TLB (IPIs); that call is timed.
/// </summary>
public static class LinuxMprotect
{
    /// <summary>Median cycles of the mprotect that takes write permission away, on <paramref name="cpus"/>.</summary>
    public static double Measure(IReadOnlyList<int> cpus, int rounds)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        using var page = new HostPage();
        var samples = new long[rounds];
        var done = 0;
        var bodies = new Action[cpus.Count];
        bodies[0] = () =>
        {
            for (var i = 0; i < rounds; i++)
            {
                var start = Tsc.Read();
                page.Protect(writable: false);
                samples[i] = Tsc.Read() - start;
                page.Protect(writable: true);
            }

            Volatile.Write(ref done, 1);
        };
        for (var i = 1; i < cpus.Count; i++)
        {
            bodies[i] = () =>
            {
                while (Volatile.Read(ref done) == 0)
                {
                    page.Touch();
                }
            };
        }

        PinnedThreads.Run(cpus, [.. Enumerable.Range(0, cpus.Count)], bodies);
        Array.Sort(samples);
        return samples[rounds / 2];
    }
}
