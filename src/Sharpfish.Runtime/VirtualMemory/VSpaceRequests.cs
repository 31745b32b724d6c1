using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Transports;

namespace Sharpfish.Runtime.VirtualMemory;

/// <summary>The two channels between one of a domain's other cores and the home of its address space: requests
/// to change it (unmap, protect, back a faulting page) go to the home, answers come back. Made once with the
/// shootdown's channels; each side opens its own ends on its own core.</summary>
/// <param name="Requests">From the core to the home.</param>
/// <param name="Replies">From the home to the core.</param>
public sealed record VSpaceChannels(ChannelMemory Requests, ChannelMemory Replies)
{
    /// <summary>The channels of every core of <paramref name="cores"/> but <paramref name="home"/>, by core.</summary>
    public static IReadOnlyDictionary<int, VSpaceChannels> For(int home, IEnumerable<int> cores, Transport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return cores.Where(c => c != home).ToDictionary(c => c, c => new VSpaceChannels(transport.Create(c, home, 4), transport.Create(home, c, 4)));
    }
}

/// <summary>The operations a core asks of the home, by message type.</summary>
internal static class VSpaceOps
{
    public const ushort Unmap = 1;
    public const ushort Protect = 2;
    public const ushort Fault = 3;
}

/// <summary>
/// The home's side of <see cref="VSpaceChannels"/>, in the home dispatcher's waitset: each request runs as a thread of
/// the home (an unmap or protect returns, as on the home, only after the shootdown) and is answered with its error
/// code. A core has one request out at a time. Owned by the home core.
/// </summary>
public sealed class VSpaceServer : IEventSource
{
    private readonly VSpace _vspace;
    private readonly Dispatcher _dispatcher;
    private readonly (IChannelReceiver Requests, IChannelSender Replies)[] _cores;

    /// <summary>Serves <paramref name="vspace"/> to the cores of <paramref name="channels"/> (call on the home).</summary>
    public VSpaceServer(VSpace vspace, Dispatcher dispatcher, Transport transport, IEnumerable<VSpaceChannels> channels)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _vspace = vspace;
        _dispatcher = dispatcher;
        _cores = [.. channels.Select(c => (transport.OpenReceiver(c.Requests), transport.OpenSender(c.Replies)))];
    }

    /// <inheritdoc/>
    public bool Poll()
    {
        var worked = false;
        foreach (var (requests, replies) in _cores)
        {
            if (requests.TryReceive(out var header, out var payload))
            {
                worked = true;
                var (va, count, rights) = (payload[0], (int)payload[1], (CapRights)payload[2]);
                _dispatcher.StartThread(async () =>
                {
                    var err = await Serve(header.Type, va, count, rights).ConfigureAwait(true);
                    var answer = default(Payload);
                    answer[0] = (ulong)err;
                    if (!replies.TrySend(header, answer))
                    {
                        throw new SharpfishException(ErrorCode.ProtocolViolation, "a core had two address-space requests out");
                    }
                });
            }
        }

        return worked;
    }

    private async Task<ErrorCode> Serve(ushort op, ulong va, int pages, CapRights rights)
    {
        try
        {
            switch (op)
            {
                case VSpaceOps.Unmap:
                    await _vspace.UnmapAsync(va, pages).ConfigureAwait(true);
                    return ErrorCode.Ok;
                case VSpaceOps.Protect:
                    await _vspace.ProtectAsync(va, pages, rights).ConfigureAwait(true);
                    return ErrorCode.Ok;
                case VSpaceOps.Fault:
                    var fault = new PageFault(va, rights, PageTables.RightsOf(PageTables.Walk(_vspace.RootTable, va)) != CapRights.None, _dispatcher.CoreId);
                    return await _vspace.HandleFaultAsync(fault).ConfigureAwait(true) ? ErrorCode.Ok : ErrorCode.PageFault;
                default:
                    return ErrorCode.UnknownMessageType;
            }
        }
        catch (SharpfishException e)
        {
            return e.Code;
        }
    }
}

/// <summary>
/// Another core's side of <see cref="VSpaceChannels"/>: unmap and protect of the shared address space, and the
/// pager that asks the home to back a faulting page of a lazy region; each returns when the home has answered.
/// Requests go one at a time, in order. Owned by its core; in its dispatcher's waitset.
/// </summary>
public sealed class VSpaceClient : IEventSource
{
    private readonly IChannelSender _requests;
    private readonly IChannelReceiver _replies;
    private readonly Queue<(MessageHeader Header, Payload Payload, TaskCompletionSource<ErrorCode> Done)> _queued = new();
    private TaskCompletionSource<ErrorCode>? _out;

    /// <summary>Opens this core's ends of <paramref name="channels"/> (call on this core).</summary>
    public VSpaceClient(Transport transport, VSpaceChannels channels)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(channels);
        _requests = transport.OpenSender(channels.Requests);
        _replies = transport.OpenReceiver(channels.Replies);
    }

    /// <summary>Unmaps pages of the shared address space, as <see cref="VSpace.UnmapAsync"/> does on the home.</summary>
    public async Task UnmapAsync(ulong va, int pages) => Check(await Call(VSpaceOps.Unmap, va, pages, CapRights.None).ConfigureAwait(true), $"unmap 0x{va:x}");

    /// <summary>Changes rights, as <see cref="VSpace.ProtectAsync"/> does on the home.</summary>
    public async Task ProtectAsync(ulong va, int pages, CapRights rights) => Check(await Call(VSpaceOps.Protect, va, pages, rights).ConfigureAwait(true), $"protect 0x{va:x}");

    /// <summary>A pager for this core's view: the home backs the page when it lies in a lazy region.</summary>
    public async Task<bool> PageAsync(PageFault fault) => await Call(VSpaceOps.Fault, fault.Address, 1, fault.Access).ConfigureAwait(true) == ErrorCode.Ok;

    /// <inheritdoc/>
    public bool Poll()
    {
        if (_out is null || !_replies.TryReceive(out _, out var answer))
        {
            return false;
        }

        var done = _out;
        _out = null;
        SendNext();
        done.SetResult((ErrorCode)answer[0]);
        return true;
    }

    private Task<ErrorCode> Call(ushort op, ulong va, int pages, CapRights rights)
    {
        var payload = default(Payload);
        payload[0] = va;
        payload[1] = (ulong)pages;
        payload[2] = (ulong)rights;
        var done = new TaskCompletionSource<ErrorCode>();
        _queued.Enqueue((new MessageHeader(op, 0), payload, done));
        if (_out is null)
        {
            SendNext();
        }

        return done.Task;
    }

    private void SendNext()
    {
        if (_queued.TryDequeue(out var next))
        {
            _out = next.Done;
            if (!_requests.TrySend(next.Header, next.Payload))
            {
                throw new SharpfishException(ErrorCode.ProtocolViolation, "an address-space request ring was full");
            }
        }
    }

    private static void Check(ErrorCode err, string what) => VSpace.Check(err, what);
}
