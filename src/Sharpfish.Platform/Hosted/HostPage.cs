using Sharpfish.Errors;

namespace Sharpfish.Platform.Hosted;

/// <summary>
/// One page of the host process's own memory whose protection can be changed with <c>mprotect</c>: Linux's way of
/// changing a mapping on every CPU at once, shooting down the other CPUs' TLBs with IPIs. The baseline of
/// <c>bench shootdown</c> (the paper measured Linux with mprotect too).
/// </summary>
public sealed unsafe class HostPage : IDisposable
{
    private const int PageSize = 4096;

    private byte* _page;

    /// <summary>Maps a fresh page, readable and writable.</summary>
    public HostPage()
    {
        var page = Linux.mmap(null, PageSize, Linux.ProtRead | Linux.ProtWrite, Linux.MapPrivate | Linux.MapAnonymous, -1, 0);
        if (page == (void*)-1)
        {
            throw new SharpfishException(ErrorCode.OutOfMemory, "mmap of one page failed");
        }

        _page = (byte*)page;
        _page[0] = 1;
    }

    /// <summary>Reads the page's first byte (keeps this CPU's translation of it in its TLB).</summary>
    public byte Touch() => System.Threading.Volatile.Read(ref _page[0]);

    /// <summary>Makes the page read-only, or readable and writable again.</summary>
    public void Protect(bool writable)
    {
        if (Linux.mprotect(_page, PageSize, writable ? Linux.ProtRead | Linux.ProtWrite : Linux.ProtRead) != 0)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "mprotect of the page failed");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_page is not null)
        {
            _ = Linux.munmap(_page, PageSize);
            _page = null;
        }
    }
}
