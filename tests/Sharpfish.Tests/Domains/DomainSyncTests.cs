using System.Globalization;
using CsCheck;
using Sharpfish.Domains;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.Domains;

/// <summary>
/// Mutexes, condition variables, semaphores and barriers shared by a domain's threads on several cores, on the
/// simulated platform over many seeds. The test watches from outside the system (the simulator runs every core on
/// one host thread): how many threads are inside a critical section, who has arrived at a barrier.
/// </summary>
public class DomainSyncTests
{
    private const int Cores = 5;
    private const int Rounds = 12;

    [Fact]
    public void A_mutex_admits_one_thread_at_a_time() => Check("mutex", (watch, _) =>
    {
        Assert.Equal(1, watch.MostInside);
        Assert.Equal(Cores * Rounds, watch.Entries);
    });

    [Fact]
    public void A_semaphore_admits_as_many_threads_as_its_count() => Check("semaphore", (watch, _) =>
    {
        Assert.Equal(2, watch.MostInside);
        Assert.Equal(Cores * Rounds, watch.Entries);
    });

    [Fact]
    public void A_barrier_lets_no_thread_into_the_next_round_before_all_arrived() => Check("barrier", (watch, _) =>
    {
        Assert.Empty(watch.Violations);
        Assert.Equal(Cores * Rounds, watch.Entries);
    });

    [Fact]
    public void A_condition_variable_hands_every_item_from_producers_to_the_consumer() => Check("condition", (watch, _) =>
    {
        Assert.Empty(watch.Violations);
        Assert.Equal((Cores - 1) * Rounds, watch.Entries);
        Assert.Empty(watch.Queue);
    });

    [Fact]
    public void Misuse_gets_a_specific_error_and_the_objects_keep_working()
    {
        var watch = new Watch(seed: 1);
        using var platform = TestSystem.Simulated("amd-2x2", 1);
        var (result, output, _) = TestSystem.BootWithMonitors(platform, ["spawn sync-test --core 1 --wait misuse", "halt"], [Module(watch)]);

        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.Equal(
            [ErrorCode.MutexNotHeld, ErrorCode.MutexNotHeld, ErrorCode.WrongSyncObject, ErrorCode.UnknownSyncObject, ErrorCode.BadArgument, ErrorCode.UnknownIref],
            watch.Errors);
        Assert.Contains("ended with exit code 0", output, StringComparison.Ordinal);
    }

    private static void Check(string mode, Action<Watch, long> verify) =>
        Gen.Long.Sample(seed =>
        {
            var watch = new Watch(seed);
            using var platform = TestSystem.Simulated("intel-2x4", seed);
            var (result, output, _) = TestSystem.BootWithMonitors(platform, [$"spawn sync-test --core 2 --wait {mode}", "halt"], [Module(watch)]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.Contains("ended with exit code 0", output, StringComparison.Ordinal);
            verify(watch, seed);
        }, iter: 5, threads: 1, print: seed => $"seed {seed}");

    /// <summary>The test program: spans <see cref="Cores"/> cores and runs one worker a core in the given mode.</summary>
    private static Module Module(Watch watch) => new(
        "sync-test",
        "tests shared synchronisation objects",
        async context =>
        {
            var mode = context.Arguments[0];
            if (mode == "misuse")
            {
                await Misuse(context, watch);
                return 0;
            }

            var threads = context.Threads;
            var mutex = await threads.CreateMutexAsync();
            var semaphore = await threads.CreateSemaphoreAsync(2);
            var barrier = await threads.CreateBarrierAsync(Cores);
            var condition = await threads.CreateConditionAsync();
            var finished = await threads.CreateSemaphoreAsync(0);
            var handles = string.Join(' ', mutex.Handle, semaphore.Handle, barrier.Handle, condition.Handle, finished.Handle);
            for (var i = 1; i < Cores; i++)
            {
                var core = context.CoreId + i;
                await context.SpanAsync(core);
                await context.StartThreadAsync(core, "worker", $"{mode} {handles}");
            }

            await Work(context, watch, mode, handles, home: true);
            for (var i = 1; i < Cores; i++)
            {
                await finished.WaitAsync();
            }

            return 0;
        },
        new Dictionary<string, Func<DomainContext, string, Task>>
        {
            ["worker"] = async (context, argument) =>
            {
                var parts = argument.Split(' ', 2);
                await Work(context, watch, parts[0], parts[1], home: false);
                await (await context.Threads.OpenSemaphoreAsync(SyncHandle.Parse(parts[1].Split(' ')[4]))).PostAsync();
            },
        });

    private static async Task Work(DomainContext context, Watch watch, string mode, string handles, bool home)
    {
        var h = handles.Split(' ').Select(SyncHandle.Parse).ToArray();
        var threads = context.Threads;
        switch (mode)
        {
            case "mutex":
                var mutex = await threads.OpenMutexAsync(h[0]);
                for (var r = 0; r < Rounds; r++)
                {
                    await mutex.LockAsync();
                    await watch.Inside(context);
                    await mutex.UnlockAsync();
                }

                break;
            case "semaphore":
                var semaphore = await threads.OpenSemaphoreAsync(h[1]);
                for (var r = 0; r < Rounds; r++)
                {
                    await semaphore.WaitAsync();
                    await watch.Inside(context);
                    await semaphore.PostAsync();
                }

                break;
            case "barrier":
                var barrier = await threads.OpenBarrierAsync(h[2]);
                for (var r = 0; r < Rounds; r++)
                {
                    watch.Arrive(r);
                    await context.Dispatcher.SleepAsync(watch.Pause());
                    await barrier.WaitAsync();
                    watch.Leave(r, Cores);
                }

                break;
            case "condition":
                var lockOf = await threads.OpenMutexAsync(h[0]);
                var condition = await threads.OpenConditionAsync(h[3]);
                for (var r = 0; r < (home ? (Cores - 1) * Rounds : Rounds); r++)
                {
                    await lockOf.LockAsync();
                    if (home)
                    {
                        while (watch.Queue.Count == 0)
                        {
                            await condition.WaitAsync(lockOf);
                        }

                        watch.Take();
                    }
                    else
                    {
                        await context.Dispatcher.SleepAsync(watch.Pause());
                        watch.Queue.Enqueue(context.CoreId);
                        await condition.SignalAsync();
                    }

                    await lockOf.UnlockAsync();
                }

                break;
            default:
                throw new SharpfishException(ErrorCode.BadArgument, $"mode {mode}");
        }
    }

    private static async Task Misuse(DomainContext context, Watch watch)
    {
        var threads = context.Threads;
        var mutex = await threads.CreateMutexAsync();
        var condition = await threads.CreateConditionAsync();
        var peer = (context.CoreId + 1) % context.Cpu.Platform.Topology.CoreCount;
        await watch.Expect(() => mutex.UnlockAsync());                                           // never locked
        await watch.Expect(() => condition.WaitAsync(mutex));                                    // waits without holding it
        await watch.Expect(async () => await (await threads.OpenBarrierAsync(mutex.Handle)).WaitAsync()); // a mutex is no barrier
        await watch.Expect(async () => await (await threads.OpenMutexAsync(mutex.Handle with { Id = 99 })).LockAsync());
        await watch.Expect(() => threads.CreateBarrierAsync(0));
        await watch.Expect(() => threads.OpenMutexAsync(new SyncHandle(Identifiers.Iref(peer, 77), 1))); // no such home
        await mutex.LockAsync(); // still works after all that
        await mutex.UnlockAsync();
    }

    /// <summary>What the test sees from outside.</summary>
    private sealed class Watch(long seed)
    {
        private readonly Random _random = new((int)seed);
        private readonly Dictionary<int, int> _arrived = [];
        private int _inside;

        public int MostInside { get; private set; }

        public int Entries { get; private set; }

        public List<string> Violations { get; } = [];

        public List<ErrorCode> Errors { get; } = [];

        public Queue<int> Queue { get; } = new();

        public long Pause() => _random.Next(0, 5_000);

        public async Task Inside(DomainContext context)
        {
            Entries++;
            MostInside = Math.Max(MostInside, ++_inside);
            await context.Dispatcher.SleepAsync(Pause());
            _inside--;
        }

        public void Arrive(int round)
        {
            Entries++;
            _arrived[round] = _arrived.GetValueOrDefault(round) + 1;
        }

        public void Leave(int round, int parties)
        {
            if (_arrived[round] != parties)
            {
                Violations.Add(string.Create(CultureInfo.InvariantCulture, $"left round {round} with {_arrived[round]} of {parties} arrived"));
            }
        }

        public void Take()
        {
            Entries++;
            if (!Queue.TryDequeue(out _))
            {
                Violations.Add("woken with nothing to take");
            }
        }

        public async Task Expect(Func<Task> misuse)
        {
            try
            {
                await misuse();
                Violations.Add("misuse succeeded");
            }
            catch (SharpfishException e)
            {
                Errors.Add(e.Code);
            }
        }
    }
}
