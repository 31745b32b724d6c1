using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Monitor;
using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>The monitor's end of its LMP binding with one domain's dispatcher: serves that domain's requests.</summary>
public sealed class MonitorSession : IMonitorHandler
{
    private readonly Monitor _monitor;

    internal MonitorSession(Monitor monitor, uint domain, IChannelSender toDomain, IChannelReceiver fromDomain)
    {
        _monitor = monitor;
        Domain = domain;
        Binding = new MonitorBinding(toDomain, fromDomain, this);
        Binding.Error += (_, e) => monitor.Platform.Console.WriteLine($"monitor {monitor.CoreId}: from domain {domain:x}: {e.Error.Message}");
    }

    /// <summary>The domain this session serves.</summary>
    public uint Domain { get; }

    /// <summary>The monitor's end of the binding.</summary>
    public MonitorBinding Binding { get; }

    /// <inheritdoc/>
    public ValueTask<ExportResponse> ExportAsync(uint service) =>
        ValueTask.FromResult(new ExportResponse(ErrorCode.Ok, _monitor.Binder.Export(Domain, service)));

    /// <inheritdoc/>
    public void ConnectReply(ulong connection, ErrorCode err) => _monitor.Binder.Connected(connection, err);

    /// <inheritdoc/>
    public async ValueTask<BindResponse> BindAsync(uint service) => await _monitor.Binder.BindAsync(Domain, service);

    /// <inheritdoc/>
    public async ValueTask<SpawnResponse> SpawnAsync(string program, string argv)
    {
        try
        {
            if (_monitor.Image.Find(program).BootOnly)
            {
                return new SpawnResponse(ErrorCode.BootOnlyProgram, 0);
            }

            return new SpawnResponse(ErrorCode.Ok, await _monitor.Domains.SpawnAsync(program, Argv.Decode(argv)));
        }
        catch (SharpfishException e)
        {
            return new SpawnResponse(e.Code, 0);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> SpanAsync(uint core) => await _monitor.Domains.SpanAsync(Domain, (int)Math.Min(core, int.MaxValue));

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> StartThreadAsync(uint core, string entry, string argument) =>
        await _monitor.Domains.StartThreadAsync(Domain, (int)Math.Min(core, int.MaxValue), entry, argument);

    /// <inheritdoc/>
    public void Exit(int exitCode) => _monitor.Domains.End(Domain, Interfaces.Intermon.DomainChange.ChangeExited, exitCode);

    /// <inheritdoc/>
    public ValueTask<ErrorCode> KillAsync(uint domain) => ValueTask.FromResult(_monitor.Domains.Kill(domain));

    /// <inheritdoc/>
    public async ValueTask<WaitResponse> WaitAsync(uint domain)
    {
        try
        {
            return new WaitResponse(ErrorCode.Ok, await _monitor.Domains.WaitAsync(domain));
        }
        catch (SharpfishException e)
        {
            return new WaitResponse(e.Code, 0);
        }
    }

    /// <inheritdoc/>
    public ValueTask<string> DomainsAsync() => ValueTask.FromResult(_monitor.Table.Text());

    /// <inheritdoc/>
    public async ValueTask<PingResponse> PingAsync(uint core)
    {
        if (core >= (uint)_monitor.Platform.Topology.CoreCount || core == (uint)_monitor.CoreId)
        {
            return new PingResponse(ErrorCode.BadArgument, 0);
        }

        return new PingResponse(ErrorCode.Ok, (ulong)await _monitor.PingAsync((int)core));
    }

    /// <inheritdoc/>
    public async ValueTask<CapInvokeResponse> CapInvokeAsync(uint core, byte operation, ulong source, byte type, ulong offset, ulong bytes, uint count, ulong destination, uint toCore, byte rights)
    {
        var (err, text) = await _monitor.Caps.InvokeAsync((int)Math.Min(core, int.MaxValue), (Interfaces.Intermon.CapOperation)operation, new Capabilities.CapRef(source),
            (Capabilities.ObjType)type, offset, bytes, (int)Math.Min(count, int.MaxValue), new Capabilities.CapRef(destination), (int)Math.Min(toCore, int.MaxValue), (Capabilities.CapRights)rights);
        return new CapInvokeResponse(err, text);
    }

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> TlbShootdownAsync(ulong root, ulong va, ulong pages) =>
        await _monitor.Shootdowns.RunAsync(Domain, root, va, pages);

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> CapSendAsync(ReadOnlyMemory<ulong> sources, ReadOnlyMemory<bool> giveAway, Channel to)
    {
        var channel = to.Handle();
        if (_monitor.Domains.Find(Domain) is not { } local)
        {
            return ErrorCode.DomainEnded;
        }

        if (!_monitor.Binder.Sends(Domain, channel) || sources.Length != giveAway.Length)
        {
            return ErrorCode.BadArgument; // not a channel this domain sends on, or a malformed request
        }

        var caps = new (Capabilities.CapRef, bool)[sources.Length];
        for (var i = 0; i < caps.Length; i++)
        {
            caps[i] = (new Capabilities.CapRef(sources.Span[i]), giveAway.Span[i]);
        }

        return await _monitor.Caps.DeliverAsync(local.CSpace, caps, _monitor.Cpu.Channels.ReceiverCore(channel), channel);
    }

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> CapRetypeAsync(ulong source, byte type, ulong offset, ulong bytes, uint count, ulong cnode, ulong slot)
    {
        if (_monitor.Domains.Find(Domain) is not { } local)
        {
            return ErrorCode.DomainEnded;
        }

        return await _monitor.Caps.RetypeAsync(local.CSpace, new Capabilities.CapRef(source), (Capabilities.ObjType)type, offset, bytes,
            (int)Math.Min(count, int.MaxValue), new Capabilities.CapRef(cnode), (long)Math.Min(slot, long.MaxValue));
    }

    /// <inheritdoc/>
    public void Halt()
    {
        if (_monitor.CoreId == 0)
        {
            _ = _monitor.Boot.HaltSystemAsync();
        }
        else
        {
            _monitor.Platform.Console.WriteLine($"monitor {_monitor.CoreId}: domain {Domain:x} asked to halt the system; only the BSP's domains may");
        }
    }

    /// <inheritdoc/>
    public void Connect(ulong connection, uint service, uint clientCore, uint client, Channel toServer, Channel toClient) =>
        throw NotServed("connect");

    /// <inheritdoc/>
    public void Closed(ulong connection, ErrorCode reason) => throw NotServed("closed");

    private SharpfishException NotServed(string message) =>
        new(ErrorCode.ProtocolViolation, string.Create(CultureInfo.InvariantCulture, $"domain {Domain:x} sent '{message}', which only a domain serves"));
}
