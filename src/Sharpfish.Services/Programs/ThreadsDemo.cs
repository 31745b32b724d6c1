using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;

namespace Sharpfish.Services.Programs;

/// <summary>
/// threads [CORES] [ROUNDS]: a domain spans CORES cores and its threads, one a core, share a mutex and a barrier
/// homed on the first core: every round each takes and releases the mutex, then meets the others at the barrier.
/// Each prints the median latency of both; the first core joins the others through a semaphore they post at the end.
/// </summary>
public static class ThreadsDemo
{
    /// <summary>The program.</summary>
    public static Module Module { get; } = new(
        "threads",
        "threads [CORES] [ROUNDS]: threads on CORES cores share a mutex and a barrier, with their latencies",
        Main,
        new Dictionary<string, Func<DomainContext, string, Task>> { ["worker"] = Worker });

    private static async Task<int> Main(DomainContext context)
    {
        var coreCount = context.Cpu.Platform.Topology.CoreCount;
        var cores = (int)ProgramArguments.Number(context.Arguments, 0, Math.Min(4, coreCount), "CORES");
        if (cores < 1 || cores > coreCount)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"threads: CORES must be 1 to {coreCount}, not {cores}");
        }

        var rounds = ProgramArguments.Number(context.Arguments, 1, 100, "ROUNDS");
        var mutex = await context.Threads.CreateMutexAsync();
        var barrier = await context.Threads.CreateBarrierAsync(cores);
        var finished = await context.Threads.CreateSemaphoreAsync(0);
        var argument = string.Create(CultureInfo.InvariantCulture, $"{mutex.Handle} {barrier.Handle} {finished.Handle} {rounds}");
        for (var i = 1; i < cores; i++)
        {
            var core = (context.CoreId + i) % coreCount;
            await context.SpanAsync(core);
            await context.StartThreadAsync(core, "worker", argument);
        }

        await Rounds(context, mutex, barrier, rounds);
        for (var i = 1; i < cores; i++)
        {
            await finished.WaitAsync();
        }

        return 0;
    }

    private static async Task Worker(DomainContext context, string argument)
    {
        var parts = argument.Split(' ');
        var mutex = await context.Threads.OpenMutexAsync(SyncHandle.Parse(parts[0]));
        var barrier = await context.Threads.OpenBarrierAsync(SyncHandle.Parse(parts[1]));
        var finished = await context.Threads.OpenSemaphoreAsync(SyncHandle.Parse(parts[2]));
        await Rounds(context, mutex, barrier, long.Parse(parts[3], CultureInfo.InvariantCulture));
        await finished.PostAsync();
    }

    private static async Task Rounds(DomainContext context, DomainMutex mutex, DomainBarrier barrier, long rounds)
    {
        var locks = new long[Math.Max(1, rounds)];
        var meetings = new long[Math.Max(1, rounds)];
        for (var i = 0; i < rounds; i++)
        {
            var start = context.Cpu.NowNs;
            await mutex.LockAsync();
            await mutex.UnlockAsync();
            var locked = context.Cpu.NowNs;
            await barrier.WaitAsync();
            locks[i] = locked - start;
            meetings[i] = context.Cpu.NowNs - locked;
        }

        Array.Sort(locks);
        Array.Sort(meetings);
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds} rounds, mutex {mutex.Handle}: lock+unlock median {locks[locks.Length / 2]} ns, barrier median {meetings[meetings.Length / 2]} ns"));
    }
}
