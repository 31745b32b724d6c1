using Sharpfish.Errors;
using Sharpfish.Interfaces.Nameservice;

namespace Sharpfish.Services.Programs;

/// <summary>
/// The name service's state and its handler, shared by every client's binding on the name service's dispatcher:
/// names to irefs, and the clients waiting for a name to be registered (boot ordering without busy-waiting).
/// </summary>
internal sealed class NameServer : INameserviceHandler
{
    /// <summary>Longest name accepted (the interface bounds it too).</summary>
    public const int MaxName = 256;

    private readonly SortedDictionary<string, uint> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource<uint>>> _waiting = new(StringComparer.Ordinal);

    public ValueTask<ErrorCode> RegisterAsync(string name, uint iref)
    {
        if (name.Length == 0 || iref == 0)
        {
            return ValueTask.FromResult(ErrorCode.BadArgument);
        }

        if (!_names.TryAdd(name, iref))
        {
            return ValueTask.FromResult(ErrorCode.NameTaken);
        }

        if (_waiting.Remove(name, out var waiting))
        {
            foreach (var waiter in waiting)
            {
                waiter.SetResult(iref);
            }
        }

        return ValueTask.FromResult(ErrorCode.Ok);
    }

    public ValueTask<ErrorCode> UnregisterAsync(string name) =>
        ValueTask.FromResult(_names.Remove(name) ? ErrorCode.Ok : ErrorCode.UnknownName);

    public ValueTask<LookupResponse> LookupAsync(string name) =>
        ValueTask.FromResult(_names.TryGetValue(name, out var iref) ? new LookupResponse(ErrorCode.Ok, iref) : new LookupResponse(ErrorCode.UnknownName, 0));

    public async ValueTask<WaitForResponse> WaitForAsync(string name)
    {
        if (_names.TryGetValue(name, out var iref))
        {
            return new WaitForResponse(ErrorCode.Ok, iref);
        }

        if (!_waiting.TryGetValue(name, out var waiting))
        {
            waiting = [];
            _waiting[name] = waiting;
        }

        var registered = new TaskCompletionSource<uint>();
        waiting.Add(registered);
        return new WaitForResponse(ErrorCode.Ok, await registered.Task);
    }

    public ValueTask<string> ListAsync(string prefix) =>
        ValueTask.FromResult(string.Concat(_names.Where(n => n.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(n => $"{n.Key}\t{n.Value:x}\n")));
}
