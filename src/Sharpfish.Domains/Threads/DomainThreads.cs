using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>
/// Synchronisation between a domain's threads on one dispatcher (libsharpfish): makes mutexes, condition variables,
/// semaphores and barriers homed on this dispatcher, and opens ones homed elsewhere from their handles. Objects of
/// this dispatcher are operated on directly; the first use of another home binds to its <c>threads</c> service
/// through the monitors, and every operation after that is one URPC round trip. Owned by the dispatcher's core.
/// </summary>
public sealed class DomainThreads
{
    private readonly DomainContext _context;
    private readonly SyncHome _home = new();
    private readonly Dictionary<uint, Task<IThreadsHandler>> _homes = [];
    private Task<uint>? _service;

    internal DomainThreads(DomainContext context) => _context = context;

    /// <summary>A new mutex homed here.</summary>
    public async Task<DomainMutex> CreateMutexAsync() => new(new(await ServiceAsync(), _home.CreateMutex()), _home);

    /// <summary>A new condition variable homed here.</summary>
    public async Task<DomainCondition> CreateConditionAsync() => new(new(await ServiceAsync(), _home.CreateCondition()), _home);

    /// <summary>A new semaphore homed here, with <paramref name="initial"/> units.</summary>
    public async Task<DomainSemaphore> CreateSemaphoreAsync(long initial) =>
        initial >= 0
            ? new(new(await ServiceAsync(), _home.CreateSemaphore(initial)), _home)
            : throw new SharpfishException(ErrorCode.BadArgument, $"a semaphore cannot start at {initial}");

    /// <summary>A new barrier homed here, for <paramref name="parties"/> threads a round.</summary>
    public async Task<DomainBarrier> CreateBarrierAsync(int parties) =>
        parties >= 1
            ? new(new(await ServiceAsync(), _home.CreateBarrier(parties)), _home)
            : throw new SharpfishException(ErrorCode.BadArgument, $"a barrier needs at least one party, not {parties}");

    /// <summary>The mutex <paramref name="handle"/> names, wherever in the domain it lives.</summary>
    public async Task<DomainMutex> OpenMutexAsync(SyncHandle handle) => new(handle, await HomeOfAsync(handle));

    /// <summary>The condition variable <paramref name="handle"/> names.</summary>
    public async Task<DomainCondition> OpenConditionAsync(SyncHandle handle) => new(handle, await HomeOfAsync(handle));

    /// <summary>The semaphore <paramref name="handle"/> names.</summary>
    public async Task<DomainSemaphore> OpenSemaphoreAsync(SyncHandle handle) => new(handle, await HomeOfAsync(handle));

    /// <summary>The barrier <paramref name="handle"/> names.</summary>
    public async Task<DomainBarrier> OpenBarrierAsync(SyncHandle handle) => new(handle, await HomeOfAsync(handle));

    /// <summary>This dispatcher's <c>threads</c> service, exported on first use.</summary>
    private Task<uint> ServiceAsync() =>
        _service ??= _context.ExportAsync((tx, rx) => new ThreadsBinding(tx, rx, _home));

    private async Task<IThreadsHandler> HomeOfAsync(SyncHandle handle)
    {
        if (_service is { IsCompletedSuccessfully: true } && _service.Result == handle.Home)
        {
            return _home;
        }

        if (!_homes.TryGetValue(handle.Home, out var home))
        {
            home = BindAsync(handle.Home);
            _homes[handle.Home] = home;
        }

        try
        {
            return await home;
        }
        catch (SharpfishException)
        {
            _homes.Remove(handle.Home); // the next open tries again
            throw;
        }
    }

    private async Task<IThreadsHandler> BindAsync(uint iref) =>
        new RemoteHome(await _context.BindAsync(iref, (tx, rx) => new ThreadsBinding(tx, rx, new ThreadsClient())));
}
