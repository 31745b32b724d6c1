using System.Runtime.InteropServices;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;

namespace Sharpfish.Monitors;

/// <summary>What arrives from one peer monitor, handed to the part of this monitor it concerns, with the peer's core.</summary>
internal sealed class IntermonPeer(Monitor monitor, int peer) : IIntermonHandler
{
    public void BootReport(uint core) => monitor.Boot.Reported(peer);

    public void SystemUp(uint nameService) => monitor.Boot.SystemUp(nameService);

    public void Quiesce() => monitor.Boot.QuiesceRequested(peer);

    public void Quiesced(uint core) => monitor.Boot.QuiesceAcked(peer);

    public void Halt() => monitor.Boot.HaltRequested(peer);

    public void HaltAck(uint core) => monitor.Boot.HaltAcked(peer);

    public void LinkRequest(uint peerCore) => monitor.Links.Request(peer, Core(peerCore));

    public void LinkGrant(uint peerCore, Channel toPeer, Channel fromPeer) => monitor.Links.Granted(Core(peerCore), toPeer.Handle(), fromPeer.Handle());

    public void BindRequest(ulong connection, uint service, uint clientCore, uint client, Channel toServer, Channel toClient) =>
        monitor.Binder.Connect(connection, service, peer, client, toServer.Handle(), toClient.Handle());

    public void BindReply(ulong connection, ErrorCode err) => monitor.Binder.Answered(connection, err);

    public void BindingClosed(ulong connection, ErrorCode reason) => monitor.Binder.PeerClosed(connection, reason);

    public void Prepare(ulong txn, DomainChange change, uint domain, uint core, int exitCode, string name) =>
        monitor.Agreement.Prepared(peer, txn, new TableChange(change, domain, Core(core), exitCode, name));

    public void Vote(ulong txn, uint core, bool commit) => monitor.Agreement.Voted(txn, commit);

    public void Decide(ulong txn, bool commit) => monitor.Agreement.Decided(txn, commit);

    public void Decided(ulong txn, uint core) => monitor.Agreement.Acknowledged(txn);

    public ValueTask<MulticastRouteResponse> MulticastRouteAsync(uint source) => ValueTask.FromResult(monitor.Routes.Answer(Core(source)));

    public ValueTask ForwardRouteAsync(uint source, ReadOnlyMemory<uint> children)
    {
        if (source != (uint)peer)
        {
            throw new SharpfishException(ErrorCode.MalformedMessage, $"core {peer} handed out the route from core {source}; only a source hands out its own");
        }

        monitor.Routes.Forward(peer, children);
        return ValueTask.CompletedTask;
    }

    public void SpanRequest(ulong request, uint domain, string program) => monitor.Domains.SpanRequested(peer, request, domain, program);

    public void SpanReply(ulong request, ErrorCode err) => monitor.Domains.SpanReplied(request, err);

    public void EndDomain(uint domain, DomainChange how, int exitCode) => monitor.Domains.EndRequested(domain, how, exitCode);

    public void StartThread(uint domain, string entry, string argument) => monitor.Domains.StartThreadHere(domain, entry, argument);

    public void TlbInvalidate(ulong round, ulong root, ulong va, ulong pages, ReadOnlyMemory<uint> members) =>
        monitor.Shootdowns.Invalidate(peer, round, root, va, pages, members);

    public void TlbInvalidated(ulong round) => monitor.Shootdowns.Invalidated(round);

    public ValueTask<TlbProtocol> ShootdownProtocolAsync(ReadOnlyMemory<uint> cores) =>
        ValueTask.FromResult(Protocols.ToWire(monitor.Shootdowns.Choose([.. MemoryMarshal.ToEnumerable(cores).Select(Core)])));

    public void CapRequest(ulong op, CapQuery query, Capability cap, ulong first, ulong end, ulong since) =>
        monitor.Caps.Queries.Requested(peer, op, query, cap, first, end, since);

    public void CapUnlocked(Capability cap) => monitor.Caps.Unlocked(cap);

    public void CapReply(ulong op, ulong result) => monitor.Caps.Queries.Replied(op, result);

    public void CapTransfer(ulong request, Capability cap, uint cspace, ulong slot) =>
        Answer(request, monitor.Caps.ReceivedAsync(cap, cspace, slot));

    public void CapDeliver(ulong request, ReadOnlyMemory<Capability> caps, Channel to) =>
        Answer(request, monitor.Caps.DeliveredAsync(caps, to.Handle()));

    public void CapTransferReply(ulong request, ErrorCode err) => monitor.Caps.Answered(request, err, "");

    public void RamGiveBack(ulong request, ulong b, ulong bytes) => Answer(request, monitor.Caps.GiveBackHereAsync(b, b + Math.Min(bytes, ulong.MaxValue - b)));

    public void CapInvoke(ulong request, CapOperation operation, ulong source, byte type, ulong offset, ulong bytes, uint count, ulong destination, uint toCore, byte rights) =>
        monitor.Caps.InvokeRequested(peer, request, operation, source, type, offset, bytes, count, destination, toCore, rights);

    public void CapInvokeReply(ulong request, ErrorCode err, string text) => monitor.Caps.Answered(request, err, text);

    public ValueTask<ulong> PingAsync(ulong sent) => ValueTask.FromResult(sent);

    /// <summary>Answers a request of the peer with cap_transfer_reply once <paramref name="work"/> is done.</summary>
    private void Answer(ulong request, ValueTask<ErrorCode> work) =>
        monitor.Run(async () =>
        {
            var err = await work;
            await (await monitor.Links.GetAsync(peer)).SendCapTransferReplyAsync(request, err);
        });

    /// <summary>A core number from a message, checked: a bad one is a malformed message, reported by the binding.</summary>
    private int Core(uint core) =>
        core < (uint)monitor.Platform.Topology.CoreCount
            ? (int)core
            : throw new SharpfishException(ErrorCode.MalformedMessage, $"core {peer} named core {core}, which does not exist");
}
