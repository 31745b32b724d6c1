using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>
/// The mutexes, condition variables, semaphores and barriers one dispatcher is home to, and their operations. Threads
/// on the home core call it directly; threads on the domain's other cores reach it through <c>threads.if</c>
/// bindings, which all share this handler. Every waiter is a completion the operation finishes when it is done, so
/// nothing spins; woken waiters continue from the dispatcher's ready queue, never inside the operation that woke
/// them. Owned by the home dispatcher's core.
/// </summary>
internal sealed class SyncHome : IThreadsHandler
{
    private readonly Dictionary<uint, object> _objects = [];
    private uint _last;

    public uint CreateMutex() => Add(new MutexState());

    public uint CreateCondition() => Add(new ConditionState());

    public uint CreateSemaphore(long initial) => Add(new SemaphoreState(initial));

    public uint CreateBarrier(int parties) => Add(new BarrierState(parties));

    public ValueTask<ErrorCode> LockAsync(uint mutex) => With<MutexState>(mutex, static m => m.Lock());

    public ValueTask<ErrorCode> UnlockAsync(uint mutex) => With<MutexState>(mutex, static m => ValueTask.FromResult(m.Unlock()));

    public ValueTask<ErrorCode> CondWaitAsync(uint cond, uint mutex) =>
        With<ConditionState>(cond, c => With<MutexState>(mutex, m => c.Wait(m)));

    public ValueTask<ErrorCode> CondSignalAsync(uint cond, bool all) =>
        With<ConditionState>(cond, c => ValueTask.FromResult(c.Signal(all)));

    public ValueTask<ErrorCode> SemWaitAsync(uint sem) => With<SemaphoreState>(sem, static s => s.Wait());

    public ValueTask<ErrorCode> SemPostAsync(uint sem) => With<SemaphoreState>(sem, static s => ValueTask.FromResult(s.Post()));

    public ValueTask<ErrorCode> BarrierWaitAsync(uint barrier) => With<BarrierState>(barrier, static b => b.Wait());

    private uint Add(object state)
    {
        _objects[++_last] = state;
        return _last;
    }

    /// <summary>Runs <paramref name="operation"/> on object <paramref name="id"/> if it is a <typeparamref name="T"/>.</summary>
    private ValueTask<ErrorCode> With<T>(uint id, Func<T, ValueTask<ErrorCode>> operation)
        where T : class =>
        !_objects.TryGetValue(id, out var found) ? ValueTask.FromResult(ErrorCode.UnknownSyncObject)
        : found is T state ? operation(state)
        : ValueTask.FromResult(ErrorCode.WrongSyncObject);

    /// <summary>Held or free; lockers queue in order and the mutex passes straight to the first of them.</summary>
    private sealed class MutexState
    {
        private readonly Queue<TaskCompletionSource<ErrorCode>> _waiting = new();

        public bool Held { get; private set; }

        public ValueTask<ErrorCode> Lock()
        {
            if (!Held)
            {
                Held = true;
                return ValueTask.FromResult(ErrorCode.Ok);
            }

            var turn = new TaskCompletionSource<ErrorCode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            return new ValueTask<ErrorCode>(turn.Task);
        }

        public ErrorCode Unlock()
        {
            if (!Held)
            {
                return ErrorCode.MutexNotHeld;
            }

            if (_waiting.TryDequeue(out var next))
            {
                next.SetResult(ErrorCode.Ok); // still held: by the next locker now
            }
            else
            {
                Held = false;
            }

            return ErrorCode.Ok;
        }
    }

    /// <summary>Waiters release their mutex atomically with joining the queue (the home runs one operation at a
    /// time), and take it again once signalled.</summary>
    private sealed class ConditionState
    {
        private readonly Queue<TaskCompletionSource> _waiting = new();

        public async ValueTask<ErrorCode> Wait(MutexState mutex)
        {
            var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var err = mutex.Unlock();
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            _waiting.Enqueue(signalled);
            await signalled.Task;
            return await mutex.Lock();
        }

        public ErrorCode Signal(bool all)
        {
            for (var woken = 0; (all || woken == 0) && _waiting.TryDequeue(out var waiter); woken++)
            {
                waiter.SetResult();
            }

            return ErrorCode.Ok;
        }
    }

    /// <summary>A counter that never goes below zero; waiters queue in order.</summary>
    private sealed class SemaphoreState(long initial)
    {
        private readonly Queue<TaskCompletionSource<ErrorCode>> _waiting = new();
        private long _count = initial;

        public ValueTask<ErrorCode> Wait()
        {
            if (_count > 0)
            {
                _count--;
                return ValueTask.FromResult(ErrorCode.Ok);
            }

            var turn = new TaskCompletionSource<ErrorCode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            return new ValueTask<ErrorCode>(turn.Task);
        }

        public ErrorCode Post()
        {
            if (_waiting.TryDequeue(out var next))
            {
                next.SetResult(ErrorCode.Ok);
            }
            else
            {
                _count++;
            }

            return ErrorCode.Ok;
        }
    }

    /// <summary>Releases every waiter of a round once <c>parties</c> have arrived, then starts the next round.</summary>
    private sealed class BarrierState(int parties)
    {
        private readonly List<TaskCompletionSource<ErrorCode>> _arrived = [];

        public ValueTask<ErrorCode> Wait()
        {
            var released = new TaskCompletionSource<ErrorCode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived.Add(released);
            if (_arrived.Count == parties)
            {
                var round = _arrived.ToArray();
                _arrived.Clear(); // before releasing: a released thread may arrive for the next round at once
                foreach (var waiter in round)
                {
                    waiter.SetResult(ErrorCode.Ok);
                }
            }

            return new ValueTask<ErrorCode>(released.Task);
        }
    }
}
