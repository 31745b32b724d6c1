using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Monitor;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>
/// Services and connections (paper §4.6, "channel setup is done by the monitors"). A domain exports a service and
/// gets an iref naming this core and the service's number here. A client binds through its own monitor, which makes
/// the two channels (LMP when both ends are on one core) and asks the service's monitor to hand the server's ends to
/// the service; the answer travels back and the client opens its ends. Each monitor remembers the connections of its
/// domains, so that when a domain ends the other side's monitor can tell its domain the binding is closed.
/// </summary>
internal sealed class Binder(Monitor monitor)
{
    private readonly Dictionary<uint, (uint Domain, uint Service)> _services = [];
    private readonly Dictionary<ulong, TaskCompletionSource<ErrorCode>> _answers = [];
    private readonly Dictionary<ulong, (int ClientCore, uint Server, ChannelHandle ToClient)> _connecting = [];
    private readonly HashSet<(uint Domain, ChannelHandle Channel)> _sending = [];
    private readonly Dictionary<ulong, List<(uint Domain, int PeerCore)>> _connections = [];
    private readonly Dictionary<uint, TaskCompletionSource<uint>> _firstExports = [];
    private uint _nextService;
    private ulong _nextConnection;

    /// <summary>Services exported on this core.</summary>
    public int Services => _services.Count;

    /// <summary>Connections with an end in a domain of this core.</summary>
    public int Connections => _connections.Count;

    /// <summary>True when <paramref name="domain"/>, a domain of this core, sends on <paramref name="channel"/> (how a
    /// monitor checks the channel a capability argument names).</summary>
    public bool Sends(uint domain, ChannelHandle channel) => _sending.Contains((domain, channel));

    /// <summary>Names service <paramref name="service"/> of <paramref name="domain"/> with an iref.</summary>
    public uint Export(uint domain, uint service)
    {
        var number = ++_nextService;
        _services[number] = (domain, service);
        var iref = Identifiers.Iref(monitor.CoreId, number);
        if (_firstExports.Remove(domain, out var waiting))
        {
            waiting.SetResult(iref);
        }

        return iref;
    }

    /// <summary>The iref of the first service <paramref name="domain"/> exports on this core (the boot sequence
    /// learns the name service's iref so).</summary>
    public Task<uint> FirstExportAsync(uint domain)
    {
        var existing = _services.Where(s => s.Value.Domain == domain).Select(s => s.Key).Order().FirstOrDefault();
        if (existing != 0)
        {
            return Task.FromResult(Identifiers.Iref(monitor.CoreId, existing));
        }

        if (!_firstExports.TryGetValue(domain, out var waiting))
        {
            waiting = new TaskCompletionSource<uint>();
            _firstExports[domain] = waiting;
        }

        return waiting.Task;
    }

    /// <summary>Binds <paramref name="client"/>, a domain of this core, to the service <paramref name="iref"/> names.</summary>
    public async Task<BindResponse> BindAsync(uint client, uint iref)
    {
        var serverCore = Identifiers.CoreOf(iref);
        if (serverCore >= monitor.Platform.Topology.CoreCount || Identifiers.ServiceOf(iref) == 0)
        {
            return new BindResponse(ErrorCode.UnknownIref, 0, default, default);
        }

        var me = monitor.CoreId;
        var connection = ((ulong)me << 40) | ++_nextConnection;
        var channels = monitor.Cpu.Channels;
        var toServer = channels.Create(me, serverCore);
        var toClient = channels.Create(serverCore, me);
        var answer = new TaskCompletionSource<ErrorCode>();
        _answers[connection] = answer;
        if (serverCore == me)
        {
            Connect(connection, iref, me, client, toServer, toClient);
        }
        else
        {
            var link = await monitor.Links.GetAsync(serverCore);
            link.SendBindRequestAsync(connection, iref, (uint)me, client, toServer.ForIntermon(), toClient.ForIntermon()).Forget(monitor.Dispatcher.Fault);
        }

        var err = await answer.Task;
        if (err != ErrorCode.Ok)
        {
            channels.Free(toServer);
            channels.Free(toClient);
            return new BindResponse(err, 0, default, default);
        }

        Remember(connection, client, serverCore);
        _sending.Add((client, toServer));
        return new BindResponse(ErrorCode.Ok, connection, toServer.ForMonitor(), toClient.ForMonitor());
    }

    /// <summary>Hands a connection to the service on this core that <paramref name="iref"/> names.</summary>
    public void Connect(ulong connection, uint iref, int clientCore, uint client, ChannelHandle toServer, ChannelHandle toClient)
    {
        if (Identifiers.CoreOf(iref) != monitor.CoreId
            || !_services.TryGetValue(Identifiers.ServiceOf(iref), out var service)
            || monitor.Domains.Find(service.Domain) is not { } server)
        {
            Answer(connection, clientCore, ErrorCode.UnknownIref);
            return;
        }

        _connecting[connection] = (clientCore, service.Domain, toClient);
        server.Session.Binding.SendConnectAsync(connection, service.Service, (uint)clientCore, client, toServer.ForMonitor(), toClient.ForMonitor())
            .Forget(_ => Connected(connection, ErrorCode.DomainEnded));
    }

    /// <summary>The service answered a connection.</summary>
    public void Connected(ulong connection, ErrorCode err)
    {
        if (!_connecting.Remove(connection, out var pending))
        {
            return;
        }

        if (err == ErrorCode.Ok)
        {
            Remember(connection, pending.Server, pending.ClientCore);
            _sending.Add((pending.Server, pending.ToClient));
        }

        Answer(connection, pending.ClientCore, err);
    }

    /// <summary>The service's monitor answered a bind request of this core.</summary>
    public void Answered(ulong connection, ErrorCode err)
    {
        if (_answers.Remove(connection, out var answer))
        {
            answer.SetResult(err);
        }
    }

    /// <summary>A domain of this core ended: the other side of each of its connections learns it.</summary>
    public void DomainEnded(uint domain, ErrorCode reason)
    {
        _sending.RemoveWhere(s => s.Domain == domain);
        foreach (var (connection, ends) in _connections.ToArray())
        {
            foreach (var end in ends.Where(e => e.Domain == domain).ToArray())
            {
                ends.Remove(end);
                if (end.PeerCore == monitor.CoreId)
                {
                    CloseLocal(connection, reason);
                }
                else
                {
                    monitor.Run(async () =>
                    {
                        var link = await monitor.Links.GetAsync(end.PeerCore);
                        await link.SendBindingClosedAsync(connection, reason);
                    });
                }
            }

            if (ends.Count == 0)
            {
                _connections.Remove(connection);
            }
        }
    }

    /// <summary>The other side of a connection ended.</summary>
    public void PeerClosed(ulong connection, ErrorCode reason) => CloseLocal(connection, reason);

    private void CloseLocal(ulong connection, ErrorCode reason)
    {
        if (!_connections.Remove(connection, out var ends))
        {
            return;
        }

        foreach (var (domain, _) in ends)
        {
            if (monitor.Domains.Find(domain) is { } local)
            {
                local.Session.Binding.SendClosedAsync(connection, reason).Forget(_ => { });
            }
        }
    }

    private void Remember(ulong connection, uint domain, int peerCore)
    {
        if (!_connections.TryGetValue(connection, out var ends))
        {
            ends = [];
            _connections[connection] = ends;
        }

        ends.Add((domain, peerCore));
    }

    private void Answer(ulong connection, int clientCore, ErrorCode err)
    {
        if (clientCore == monitor.CoreId)
        {
            Answered(connection, err);
            return;
        }

        monitor.Run(async () =>
        {
            var link = await monitor.Links.GetAsync(clientCore);
            await link.SendBindReplyAsync(connection, err);
        });
    }
}
