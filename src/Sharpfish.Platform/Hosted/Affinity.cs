using System.Runtime.InteropServices;
using Sharpfish.Errors;

namespace Sharpfish.Platform.Hosted;

/// <summary>Pins the calling thread to one host CPU with sched_setaffinity, and tells which CPUs it may use.
/// Used by the hosted platform for its cores, and by benchmarks for their measuring threads.</summary>
public static unsafe class Affinity
{
    private const int MaskBytes = 1024 / 8;

    /// <summary>Pins the calling thread to <paramref name="cpu"/>.</summary>
    /// <exception cref="SharpfishException">The kernel refused (the CPU is offline or outside the cgroup).</exception>
    public static void PinCurrentThread(int cpu)
    {
        if (cpu < 0 || cpu >= MaskBytes * 8)
        {
            throw new SharpfishException(ErrorCode.PinFailed, $"cpu {cpu} is outside the affinity mask");
        }

        var mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        if (Linux.sched_setaffinity(0, MaskBytes, mask) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new SharpfishException(ErrorCode.PinFailed, $"sched_setaffinity(cpu {cpu}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    /// <summary>The CPUs this process may run on (its cgroup/taskset), ascending.</summary>
    public static IReadOnlyList<int> AllowedCpus()
    {
        var mask = stackalloc byte[MaskBytes];
        if (Linux.sched_getaffinity(0, MaskBytes, mask) != 0)
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }

        var cpus = new List<int>();
        for (var cpu = 0; cpu < MaskBytes * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return cpus;
    }
}
