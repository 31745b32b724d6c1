using Sharpfish.Capabilities;
using Sharpfish.Domains.Capabilities;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Monitor;
using Sharpfish.Interfaces.Nameservice;
using Sharpfish.Interfaces.Vspace;
using Sharpfish.Kernel;
using Sharpfish.Platform;
using Sharpfish.Runtime;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Runtime.VirtualMemory;
using Sharpfish.Transports;

namespace Sharpfish.Domains;

/// <summary>
/// What a program sees of its domain on one core (libsharpfish): its dispatcher, who it is, its CSpace on this core
/// (made by the monitor; the domain invokes its capabilities through the CPU driver, by <see cref="CapRef"/>) with a
/// slot allocator, and its core's monitor, reached over an LMP binding of <c>monitor.if</c>. Everything that crosses
/// cores (binding to a service elsewhere, spanning, spawning, killing, a capability argument) is a request to that
/// monitor. Every binding it makes or accepts moves capability arguments. A domain that spans cores has one of these
/// on each. Owned by its dispatcher's core.
/// </summary>
public sealed class DomainContext : IMonitorHandler
{
    private readonly Dictionary<uint, Func<ClientId, IChannelSender, IChannelReceiver, FlounderBinding>> _services = [];
    private readonly Dictionary<ulong, (FlounderBinding Binding, ChannelHandle Receiving)> _connections = [];
    private uint _nextService;
    private Task<NameserviceBinding>? _nameService;

    /// <summary>Makes the domain's context on its dispatcher's core; the monitor calls this when it starts a
    /// dispatcher, with the domain's CSpace on this core and the two LMP channels between them.</summary>
    public DomainContext(Dispatcher dispatcher, uint domainId, Module module, IReadOnlyList<string> arguments, CSpace cspace, IChannelSender toMonitor, IChannelReceiver fromMonitor, uint nameService)
    {
        Dispatcher = dispatcher;
        CSpace = cspace;
        DomainId = domainId;
        Module = module;
        Arguments = arguments;
        NameService = nameService;
        Monitor = new MonitorBinding(toMonitor, fromMonitor, this);
        Dispatcher.Waitset.Add(Monitor);
        Threads = new DomainThreads(this);
    }

    /// <summary>The dispatcher this context belongs to.</summary>
    public Dispatcher Dispatcher { get; }

    /// <summary>The CPU driver of this core.</summary>
    public CpuDriver Cpu => Dispatcher.Cpu;

    /// <summary>This core.</summary>
    public int CoreId => Dispatcher.CoreId;

    /// <summary>The domain's CSpace on this core: what its <see cref="CapRef"/>s name here.</summary>
    public CSpace CSpace { get; }

    /// <summary>The free slots of <see cref="CSpace"/>.</summary>
    public SlotAllocator Slots { get; } = new();

    /// <summary>The domain's machine-wide id.</summary>
    public uint DomainId { get; }

    /// <summary>The program the domain runs.</summary>
    public Module Module { get; }

    /// <summary>The program's arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The iref of the name service (0 before it exists, for the name service itself).</summary>
    public uint NameService { get; }

    /// <summary>The binding to this core's monitor.</summary>
    public MonitorBinding Monitor { get; }

    /// <summary>Mutexes, condition variables, semaphores and barriers shared with the domain's other cores.</summary>
    public DomainThreads Threads { get; }

    /// <summary>Bindings this dispatcher holds, by connection.</summary>
    public int Connections => _connections.Count;

    /// <summary>Writes a line to the console, prefixed with the domain and core.</summary>
    public void WriteLine(string text) => Cpu.Platform.Console.WriteLine($"[{Module.Name} {DomainId:x} on core {CoreId}] {text}");

    /// <summary>Writes <paramref name="value"/> under <paramref name="name"/> to the platform's result port, for the
    /// host that runs the machine (a benchmark or test harness); it reads the records after the run.</summary>
    public void WriteResult(string name, long value) => Cpu.Platform.Results.Write(new ResultRecord(CoreId, name, value));

    /// <inheritdoc cref="WriteResult(string, long)"/>
    public void WriteResult(string name, double value) => Cpu.Platform.Results.Write(new ResultRecord(CoreId, name, value));

    /// <inheritdoc cref="WriteResult(string, long)"/>
    public void WriteResult(string name, string text) => Cpu.Platform.Results.Write(new ResultRecord(CoreId, name, text));

    /// <summary>Exports a service: the monitor names it with an iref; every client that binds to the iref gets a
    /// binding made by <paramref name="accept"/> from this dispatcher's ends of the two channels.</summary>
    public Task<uint> ExportAsync(Func<IChannelSender, IChannelReceiver, FlounderBinding> accept) =>
        ExportAsync((_, tx, rx) => accept(tx, rx));

    /// <summary>Exports a service whose bindings learn which domain (on which core) bound: the monitors vouch for
    /// the client's identity, so a service can serve some requests to privileged domains only.</summary>
    public async Task<uint> ExportAsync(Func<ClientId, IChannelSender, IChannelReceiver, FlounderBinding> accept)
    {
        var service = ++_nextService;
        _services[service] = accept;
        var (err, iref) = await Monitor.ExportAsync(service);
        Check(err, "export a service");
        return iref;
    }

    /// <summary>Binds to the service <paramref name="iref"/> names, wherever it runs; the binding is polled by this
    /// dispatcher and closed when the service's domain ends.</summary>
    public async Task<T> BindAsync<T>(uint iref, Func<IChannelSender, IChannelReceiver, T> create)
        where T : FlounderBinding
    {
        var reply = await Monitor.BindAsync(iref);
        Check(reply.Err, $"bind to iref {iref:x}");
        var (sending, receiving) = (reply.ToServer.Handle(), reply.ToClient.Handle());
        var sender = Cpu.Channels.OpenSender(sending);
        var binding = create(sender, Cpu.Channels.OpenReceiver(receiving));
        Add(reply.Connection, binding, sender, sending, receiving);
        return binding;
    }

    /// <summary>This dispatcher's binding to the name service (made on first use).</summary>
    public Task<NameserviceBinding> NameServiceAsync() =>
        _nameService ??= BindAsync(NameService, (tx, rx) => new NameserviceBinding(tx, rx, new NameClient()));

    /// <summary>Registers <paramref name="iref"/> under <paramref name="name"/>.</summary>
    public async Task RegisterAsync(string name, uint iref)
    {
        var names = await NameServiceAsync();
        Check(await names.RegisterAsync(name, iref), $"register '{name}'");
    }

    /// <summary>The iref registered under <paramref name="name"/>; waits until it is when <paramref name="wait"/>.</summary>
    public async Task<uint> LookupAsync(string name, bool wait = false)
    {
        var names = await NameServiceAsync();
        var (err, iref) = wait ? await WaitFor(names, name) : await Lookup(names, name);
        Check(err, $"look up '{name}'");
        return iref;
    }

    /// <summary>Retypes a capability of the domain's CSpace (see <see cref="CapabilityInvocations.Retype"/>): through
    /// the CPU driver, or, when the capability has copies or descendants on other cores, through the monitor's
    /// two-phase commit.</summary>
    public async ValueTask<ErrorCode> RetypeAsync(CapRef source, ObjType type, ulong offset, ulong bytes, int count, CapRef cnode, long slot)
    {
        var err = Cpu.Caps.Retype(CSpace, source, type, offset, bytes, count, cnode, slot);
        return err != ErrorCode.RetryThroughMonitor
            ? err
            : await Monitor.CapRetypeAsync(source.Address, (byte)type, offset, bytes, (uint)count, cnode.Address, (ulong)slot);
    }

    /// <summary>Starts a dispatcher of this domain on <paramref name="core"/> (Barrelfish's span).</summary>
    public async Task SpanAsync(int core) => Check(await Monitor.SpanAsync((uint)core), $"span to core {core}");

    /// <summary>Starts the program's thread entry <paramref name="entry"/> on the domain's dispatcher on
    /// <paramref name="core"/> (which it must span).</summary>
    public async Task StartThreadAsync(int core, string entry, string argument) =>
        Check(await Monitor.StartThreadAsync((uint)core, entry, argument), $"start thread '{entry}' on core {core}");

    /// <summary>Makes the domain's address space on this core, its home (paper §4.7): page tables and lazily backed
    /// frames come out of <paramref name="ram"/> in <paramref name="cspace"/>, the capabilities it makes go to a CNode
    /// of its own in root slot <paramref name="cnodeSlot"/>, and every unmap or protect returns only after the
    /// monitors shot the old translation down on every core the domain spans.
    /// Other cores reach it through <see cref="ShareAddressSpaceAsync"/> and <see cref="JoinAddressSpaceAsync"/>.</summary>
    public VSpace CreateAddressSpace(CSpace cspace, CapRef ram, int cnodeSlot)
    {
        var vspace = new VSpace(Cpu, cspace, ram, cnodeSlot);
        vspace.UseShootdown(new MonitorShootdown(Monitor, vspace.RootTable));
        ForgetOnEnd(vspace.RootTable);
        return vspace;
    }

    /// <summary>Serves <paramref name="vspace"/> (made here by <see cref="CreateAddressSpace"/>) to the domain's
    /// dispatchers on other cores: the iref they join it by (<see cref="JoinAddressSpaceAsync"/>). Another domain that
    /// binds to it is refused: the address space is this domain's alone.</summary>
    public Task<uint> ShareAddressSpaceAsync(VSpace vspace) =>
        ExportAsync((client, tx, rx) => client.Domain == DomainId
            ? new VspaceBinding(tx, rx, new VSpaceService(vspace, client.Core))
            : throw new SharpfishException(ErrorCode.ConnectionRefused, $"domain {client.Domain:x} may not change the address space of domain {DomainId:x}"));

    /// <summary>This core's view of the domain's address space whose PML4 is at <paramref name="root"/>, served by its
    /// home at <paramref name="iref"/>: accesses go through this core's TLB, which the monitors' shootdowns empty;
    /// changes and page faults go to the home.</summary>
    public async Task<RemoteVSpace> JoinAddressSpaceAsync(uint iref, ulong root)
    {
        RemoteVSpace? remote = null;
        await BindAsync(iref, (tx, rx) => (remote = new RemoteVSpace(Cpu, root, handler => new VspaceBinding(tx, rx, handler))).Home);
        ForgetOnEnd(root);
        return remote!;
    }

    /// <summary>When the domain ends here, this core's TLB forgets the address space: its tables' memory goes back
    /// to mem_serv, and a later address space whose PML4 lands at the same address must find nothing cached.</summary>
    private void ForgetOnEnd(ulong root) => Ended += () => Cpu.Tlbs.Forget(root);

    /// <summary>Starts <paramref name="program"/> on this core; returns the new domain's id.</summary>
    public async Task<uint> SpawnAsync(string program, IReadOnlyList<string> arguments)
    {
        var (err, domain) = await Monitor.SpawnAsync(program, Argv.Encode(arguments));
        Check(err, $"spawn '{program}'");
        return domain;
    }

    /// <summary>Kills a domain, wherever it runs.</summary>
    public async Task KillAsync(uint domain) => Check(await Monitor.KillAsync(domain), $"kill domain {domain:x}");

    /// <summary>Waits until a domain has ended; returns its exit code.</summary>
    public async Task<int> WaitAsync(uint domain)
    {
        var (err, exitCode) = await Monitor.WaitAsync(domain);
        Check(err, $"wait for domain {domain:x}");
        return exitCode;
    }

    /// <summary>The replicated domain table as this core's monitor holds it.</summary>
    public async Task<string> DomainsAsync() => await Monitor.DomainsAsync();

    /// <summary>A round trip from this core's monitor to <paramref name="core"/>'s, in nanoseconds.</summary>
    public async Task<long> PingAsync(int core)
    {
        var (err, ns) = await Monitor.PingAsync((uint)core);
        Check(err, $"ping core {core}");
        return (long)ns;
    }

    /// <summary>Asks the system to halt (only domains of the BSP may).</summary>
    public void Halt() => Monitor.SendHaltAsync().Forget(e => WriteLine($"could not ask for a halt: {e.Message}"));

    /// <inheritdoc/>
    void IMonitorHandler.Connect(ulong connection, uint service, uint clientCore, uint client, Channel toServer, Channel toClient)
    {
        var error = ErrorCode.Ok;
        if (!_services.TryGetValue(service, out var accept))
        {
            error = ErrorCode.UnknownIref;
        }
        else
        {
            try
            {
                var sender = Cpu.Channels.OpenSender(toClient.Handle());
                var binding = accept(new ClientId((int)clientCore, client), sender, Cpu.Channels.OpenReceiver(toServer.Handle()));
                Add(connection, binding, sender, toClient.Handle(), toServer.Handle());
            }
            catch (SharpfishException e)
            {
                WriteLine($"refused a connection from domain {client:x} on core {clientCore}: {e.Message}");
                error = ErrorCode.ConnectionRefused;
            }
        }

        Monitor.SendConnectReplyAsync(connection, error).Forget(e => WriteLine($"could not answer connection {connection:x}: {e.Message}"));
    }

    /// <inheritdoc/>
    void IMonitorHandler.Closed(ulong connection, ErrorCode reason)
    {
        if (_connections.Remove(connection, out var end))
        {
            end.Binding.Close($"the other side ended ({reason.Describe()})");
            Dispatcher.Waitset.Remove(end.Binding);
            Cpu.Channels.CloseInbox(end.Receiving);
        }
    }

    /// <summary>Raised on this dispatcher's core when its domain ended here (after its bindings closed): what the
    /// domain holds in the core's kernel besides its CSpace, such as mem_serv's claim on the RAM pool, goes (the
    /// monitor deletes the CSpace right after).</summary>
    public event Action? Ended;

    /// <summary>Closes every binding of this dispatcher (its domain ended here).</summary>
    public void CloseAll(string reason)
    {
        foreach (var (binding, receiving) in _connections.Values)
        {
            binding.Close(reason);
            Dispatcher.Waitset.Remove(binding);
            Cpu.Channels.CloseInbox(receiving);
        }

        _connections.Clear();
        Monitor.Close(reason);
        var ended = Ended;
        Ended = null;
        ended?.Invoke();
    }

    /// <inheritdoc/>
    void IMonitorHandler.ConnectReply(ulong connection, ErrorCode err) => throw NotServed("connect_reply");

    /// <inheritdoc/>
    void IMonitorHandler.Exit(int exitCode) => throw NotServed("exit");

    /// <inheritdoc/>
    ValueTask<ExportResponse> IMonitorHandler.ExportAsync(uint service) => throw NotServed("export");

    /// <inheritdoc/>
    ValueTask<BindResponse> IMonitorHandler.BindAsync(uint service) => throw NotServed("bind");

    /// <inheritdoc/>
    ValueTask<SpawnResponse> IMonitorHandler.SpawnAsync(string program, string argv) => throw NotServed("spawn");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.SpanAsync(uint core) => throw NotServed("span");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.StartThreadAsync(uint core, string entry, string argument) => throw NotServed("start_thread");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.KillAsync(uint domain) => throw NotServed("kill");

    /// <inheritdoc/>
    ValueTask<CapInvokeResponse> IMonitorHandler.CapInvokeAsync(uint core, byte operation, ulong source, byte type, ulong offset, ulong bytes, uint count, ulong destination, uint toCore, byte rights) =>
        throw NotServed("cap_invoke");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.CapRetypeAsync(ulong source, byte type, ulong offset, ulong bytes, uint count, ulong cnode, ulong slot) =>
        throw NotServed("cap_retype");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.CapSendAsync(ReadOnlyMemory<ulong> sources, ReadOnlyMemory<bool> giveAway, Channel to) => throw NotServed("cap_send");

    /// <inheritdoc/>
    ValueTask<WaitResponse> IMonitorHandler.WaitAsync(uint domain) => throw NotServed("wait");

    /// <inheritdoc/>
    ValueTask<string> IMonitorHandler.DomainsAsync() => throw NotServed("domains");

    /// <inheritdoc/>
    ValueTask<PingResponse> IMonitorHandler.PingAsync(uint core) => throw NotServed("ping");

    /// <inheritdoc/>
    ValueTask<ErrorCode> IMonitorHandler.TlbShootdownAsync(ulong root, ulong va, ulong pages) => throw NotServed("tlb_shootdown");

    /// <inheritdoc/>
    void IMonitorHandler.Halt() => throw NotServed("halt");

    private static async Task<(ErrorCode, uint)> Lookup(NameserviceBinding names, string name)
    {
        var (err, iref) = await names.LookupAsync(name);
        return (err, iref);
    }

    private static async Task<(ErrorCode, uint)> WaitFor(NameserviceBinding names, string name)
    {
        var (err, iref) = await names.WaitForAsync(name);
        return (err, iref);
    }

    // Capabilities sent to this end land in the domain's CSpace and wait in the receiving channel's inbox.
    private void Add(ulong connection, FlounderBinding binding, IChannelSender sender, ChannelHandle sending, ChannelHandle receiving)
    {
        binding.CapabilityTransfer = new ChannelCapabilities(this, sender, sending, Cpu.Channels.OpenInbox(receiving, CSpace));
        _connections[connection] = (binding, receiving);
        Dispatcher.Waitset.Add(binding);
    }

    private static void Check(ErrorCode err, string what) => err.ThrowUnlessOk(what);

    private static SharpfishException NotServed(string message) =>
        new(ErrorCode.ProtocolViolation, $"the monitor sent '{message}', which only a monitor serves");
}
