using System.Runtime.ExceptionServices;
using System.Threading;
using Sharpfish.Kernel;

namespace Sharpfish.Runtime;

/// <summary>
/// A domain's presence on one core (paper §4.5): the CPU driver upcalls it, and it runs its user-level threads.
/// A user-level thread is an async method whose continuations run on this dispatcher's ready queue, so
/// split-phase operations read as straight-line code and never leave the core. Owned by its core.
/// </summary>
public sealed class Dispatcher : IUpcallHandler
{
    /// <summary>Priority of monitors: they run before applications in every round.</summary>
    public const int MonitorPriority = 10;

    /// <summary>Priority of ordinary domains.</summary>
    public const int NormalPriority = 0;

    private const int ContinuationsPerClockRead = 16;

    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private readonly List<TaskCompletionSource> _yielded = [];
    private readonly DispatcherContext _context;
    private int _threads;
    private ExceptionDispatchInfo? _panic;

    /// <summary>Creates a dispatcher for <paramref name="name"/> on <paramref name="cpu"/>'s core and puts it on
    /// the run queue. Call on that core.</summary>
    public Dispatcher(CpuDriver cpu, string name, int domainId, int priority = NormalPriority)
    {
        Cpu = cpu;
        Name = name;
        DomainId = domainId;
        _context = new DispatcherContext(this);
        Control = cpu.AddDispatcher(name, domainId, priority, this);
    }

    /// <summary>The CPU driver of this dispatcher's core.</summary>
    public CpuDriver Cpu { get; }

    /// <summary>The core this dispatcher runs on.</summary>
    public int CoreId => Cpu.Core.Id;

    /// <summary>The domain's name.</summary>
    public string Name { get; }

    /// <summary>The domain's id.</summary>
    public int DomainId { get; }

    /// <summary>The CPU driver's record of this dispatcher.</summary>
    public DispatcherControlBlock Control { get; }

    /// <summary>What this dispatcher's threads wait on.</summary>
    public Waitset Waitset { get; } = new();

    /// <summary>User-level threads started and not yet finished.</summary>
    public int ThreadCount => _threads;

    /// <summary>Called when a thread ends with an exception; unset, the exception leaves the next run upcall and
    /// panics the core.</summary>
    public Action<Exception>? OnFault { get; set; }

    /// <summary>True once <see cref="Stop"/> was called.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Starts a user-level thread running <paramref name="body"/> on this dispatcher.</summary>
    public void StartThread(Func<Task> body) => Start(body, ended: null);

    /// <summary>Starts a thread as <see cref="StartThread"/> does; the task completes when the thread has ended
    /// (join). A thread that throws faults its domain; its task then completes too.</summary>
    public Task StartJoinableThread(Func<Task> body)
    {
        var ended = new TaskCompletionSource();
        Start(body, ended);
        return ended.Task;
    }

    /// <summary>Completes after <paramref name="ns"/> nanoseconds, on this dispatcher.</summary>
    public Task SleepAsync(long ns)
    {
        var done = new TaskCompletionSource();
        Cpu.Timers.Arm(Cpu.NowNs + ns, done.SetResult);
        return done.Task;
    }

    /// <summary>Gives the core back to the CPU driver (Barrelfish's thread yield): the calling thread goes on in the
    /// next run upcall, after every other dispatcher of the core has had its turn. <c>Task.Yield</c>, by contrast,
    /// only lets this dispatcher's other threads run.</summary>
    public Task YieldAsync()
    {
        var next = new TaskCompletionSource();
        _yielded.Add(next);
        return next.Task;
    }

    /// <summary>Reports a failure of this dispatcher's domain from outside its threads (a send that failed under
    /// it): handed to <see cref="OnFault"/>, or, unset, thrown from the next run upcall to panic the core.</summary>
    public void Fault(Exception error)
    {
        if (OnFault is not null)
        {
            OnFault(error);
        }
        else
        {
            _panic ??= ExceptionDispatchInfo.Capture(error);
        }
    }

    /// <summary>Takes the dispatcher off its core; its threads never run again.</summary>
    public void Stop()
    {
        Stopped = true;
        _ready.Clear();
        Cpu.RemoveDispatcher(Control);
    }

    /// <inheritdoc/>
    public bool Run(long sliceEndNs)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            _panic?.Throw();
            var worked = ResumeYielded() | Waitset.Poll();
            for (var n = 1; _ready.TryDequeue(out var continuation); n++)
            {
                worked = true;
                continuation.Callback(continuation.State);
                _panic?.Throw();
                if (_yielded.Count > 0 || (n % ContinuationsPerClockRead == 0 && Cpu.NowNs > sliceEndNs))
                {
                    break; // a thread yielded the core, or the slice is used up: the rest runs on the next upcall
                }
            }

            return worked;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private bool ResumeYielded()
    {
        if (_yielded.Count == 0)
        {
            return false;
        }

        foreach (var next in _yielded) // only queued here: nothing runs that could yield again meanwhile
        {
            _ready.Enqueue((static state => ((TaskCompletionSource)state!).SetResult(), next));
        }

        _yielded.Clear();
        return true;
    }

    internal void Enqueue(SendOrPostCallback callback, object? state)
    {
        if (!Stopped)
        {
            _ready.Enqueue((callback, state));
        }
    }

    /// <summary>Queues a thread; only a joinable one pays for the completion that tells of its end.</summary>
    private void Start(Func<Task> body, TaskCompletionSource? ended)
    {
        _threads++;
        Enqueue(_ => _ = RunThread(body, ended), null);
    }

    private async Task RunThread(Func<Task> body, TaskCompletionSource? ended)
    {
        try
        {
            await body();
        }
#pragma warning disable CA1031 // A thread's failure is the domain's: its fault handler decides, else the core panics.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fault(e);
        }
        finally
        {
            _threads--;
            ended?.SetResult();
        }
    }
}
