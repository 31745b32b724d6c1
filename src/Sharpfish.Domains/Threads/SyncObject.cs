using Sharpfish.Errors;
using Sharpfish.Interfaces.Threads;

namespace Sharpfish.Domains.Threads;

/// <summary>What every shared synchronisation object is on one core: its handle and the way to its home (called
/// directly on the home core, over a binding from the others).</summary>
public abstract class SyncObject
{
    private protected SyncObject(SyncHandle handle, IThreadsHandler home)
    {
        Handle = handle;
        Home = home;
    }

    /// <summary>The object's name in its domain; pass it (as text) to threads on other cores.</summary>
    public SyncHandle Handle { get; }

    private protected IThreadsHandler Home { get; }

    private protected async Task Do(ValueTask<ErrorCode> operation, string what)
    {
        var err = await operation;
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"{what} {Handle}: {err.Describe()}");
        }
    }
}
