using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Vspace;
using Sharpfish.Kernel;
using Sharpfish.Platform;
using Sharpfish.Runtime;
using Sharpfish.Runtime.VirtualMemory;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// A domain spanning several cores with one shared address space, on a platform of its own with its own shootdown
/// channels, without the monitors (for the virtual-memory tests of all four protocols): on every core of the plan a
/// CPU driver, the domain's dispatcher, its view of the address space and its shootdown node; on the plan's
/// initiator (the home) the <see cref="VSpace"/> itself,
/// from RAM of that core. Every core runs <c>body</c> as a thread of its dispatcher. When the home's body ends, a
/// last round of zero pages tells every core to stop, and each halts once its own body has ended. Core 0 boots the
/// rest: when it is one of the domain's cores it is the home.
/// </summary>
public static class SpannedVSpace
{
    /// <summary>Bytes of RAM the home's address space builds its tables and lazy frames from.</summary>
    public const ulong VSpaceRamBytes = 1 << 20;

    /// <summary>Bytes of RAM left to the home's body (in slot <see cref="SpareRamSlot"/> of the home's CSpace), for frames of its own.</summary>
    public const ulong SpareRamBytes = 1 << 20;

    /// <summary>The root slot of the spare RAM; slots from <see cref="FreeSlot"/> to <see cref="VSpaceSlot"/> are
    /// free for the body's own capabilities.</summary>
    public const int SpareRamSlot = 9;

    /// <summary>First root slot the body may use.</summary>
    public const int FreeSlot = 10;

    /// <summary>The root slot of the address space's CNode, which holds its own capabilities.</summary>
    public const int VSpaceSlot = 64;

    /// <summary>Runs <paramref name="body"/> on every core of <paramref name="plan"/> and returns when all halted;
    /// <paramref name="onInvalidate"/> runs on a core after its TLB dropped a range.</summary>
    public static void Run(Platform.Platform platform, ShootdownPlan plan, Func<SpannedCore, Task> body, Action<SpannedCore, ulong, ulong>? onInvalidate = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(plan);
        var cores = plan.Cores.ToArray();
        if (cores.Contains(0) && plan.Initiator != 0)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "core 0 starts the others: when it is one of the domain's cores, it is the home");
        }

        platform.Run(bsp =>
        {
            var transport = Transport.For(platform);
            var wiring = ShootdownWiring.For(plan, transport);
            // vspace.if between each other core and the home: requests to the home, answers back.
            var requests = cores.Where(c => c != plan.Initiator).ToDictionary(c => c, c => (ToHome: transport.Create(c, plan.Initiator), ToCore: transport.Create(plan.Initiator, c)));
            CoreEntry home = core =>
            {
                var cpu = new CpuDriver(core);
                var boot = PhysicalMemory.Boot(cpu, (long)(VSpaceRamBytes + SpareRamBytes));
                Check(cpu.Caps.Retype(boot.CSpace, boot.Ram[0], ObjType.Ram, 0, VSpaceRamBytes, 1, CapRef.Null, SpareRamSlot - 1));
                Check(cpu.Caps.Retype(boot.CSpace, boot.Ram[0], ObjType.Ram, VSpaceRamBytes, SpareRamBytes, 1, CapRef.Null, SpareRamSlot));
                var vspace = new VSpace(cpu, boot.CSpace, CapRef.Root(SpareRamSlot - 1), VSpaceSlot);
                foreach (var other in cores.Where(c => c != core.Id))
                {
                    platform.StartCore(other, c =>
                    {
                        var cpu = new CpuDriver(c);
                        var (toHome, toCore) = requests[c.Id];
                        var remote = new RemoteVSpace(cpu, vspace.RootTable, handler => new VspaceBinding(cpu.Transport.OpenSender(toHome), cpu.Transport.OpenReceiver(toCore), handler));
                        return Start(cpu, remote.View, null, null, remote, [], wiring[c.Id], body, onInvalidate);
                    });
                }

                var served = requests.Select(r => new VspaceBinding(cpu.Transport.OpenSender(r.Value.ToCore), cpu.Transport.OpenReceiver(r.Value.ToHome), new VSpaceService(vspace, r.Key)));
                return Start(cpu, vspace.View, vspace, boot.CSpace, null, served, wiring[core.Id], body, onInvalidate);
            };

            if (plan.Initiator == bsp.Id)
            {
                return home(bsp);
            }

            platform.StartCore(plan.Initiator, home);
            var idle = new CpuDriver(bsp);
            idle.Halt(); // the BSP only started the home: it is not one of the domain's cores
            return idle;
        });
    }

    private static CpuDriver Start(CpuDriver cpu, VSpaceView view, VSpace? vspace, CSpace? cspace, RemoteVSpace? client, IEnumerable<VspaceBinding> served, ShootdownWiring wiring, Func<SpannedCore, Task> body, Action<SpannedCore, ulong, ulong>? onInvalidate)
    {
        var dispatcher = new Dispatcher(cpu, "vm", 1);
        if (client is not null)
        {
            dispatcher.Waitset.Add(client.Home);
        }

        foreach (var binding in served)
        {
            dispatcher.Waitset.Add(binding);
        }
        SpannedCore? self = null;
        var node = new ShootdownNode(cpu.Transport, cpu.Core.Id, wiring, (va, pages) =>
        {
            view.Invalidate(va, pages);
            if (pages == 0)
            {
                self!.Stopping = true;
            }
            else
            {
                onInvalidate?.Invoke(self!, va, pages);
            }
        });
        self = new SpannedCore(cpu, dispatcher, view, vspace, cspace, client, node);
        vspace?.UseShootdown(node);
        dispatcher.Waitset.Add(node);
        dispatcher.Waitset.Add(self);
        dispatcher.StartThread(async () =>
        {
            await body(self).ConfigureAwait(true);
            if (node.IsInitiator)
            {
                await node.RunAsync(0, 0).ConfigureAwait(true); // every other core: stop
                self.Stopping = true;
            }

            self.BodyEnded = true;
        });
        return cpu;
    }

    private static void Check(ErrorCode err)
    {
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"could not set up an address space: {err.Describe()}");
        }
    }
}

/// <summary>One core of a <see cref="SpannedVSpace"/> run, as its body sees it. Owned by that core.</summary>
public sealed class SpannedCore : IEventSource
{
    internal SpannedCore(CpuDriver cpu, Dispatcher dispatcher, VSpaceView view, VSpace? vspace, CSpace? cspace, RemoteVSpace? client, ShootdownNode node)
    {
        Client = client;
        Cpu = cpu;
        Dispatcher = dispatcher;
        View = view;
        VSpace = vspace;
        CSpace = cspace;
        Node = node;
    }

    /// <summary>This core's CPU driver.</summary>
    public CpuDriver Cpu { get; }

    /// <summary>The domain's dispatcher on this core.</summary>
    public Dispatcher Dispatcher { get; }

    /// <summary>This core's view of the address space (its TLB).</summary>
    public VSpaceView View { get; }

    /// <summary>The address space, on the home core only.</summary>
    public VSpace? VSpace { get; }

    /// <summary>The home's CSpace (null elsewhere): the spare RAM is in slot <see cref="SpannedVSpace.SpareRamSlot"/>.</summary>
    public CSpace? CSpace { get; }

    /// <summary>How a core other than the home changes the address space (null on the home).</summary>
    public RemoteVSpace? Client { get; }

    /// <summary>This core's shootdown node.</summary>
    public ShootdownNode Node { get; }

    /// <summary>True once the home has ended its work: a body on another core should end.</summary>
    public bool Stopping { get; internal set; }

    internal bool BodyEnded { get; set; }

    /// <inheritdoc/>
    bool IEventSource.Poll()
    {
        if (BodyEnded && Stopping && !Node.Busy && !Cpu.Halted)
        {
            Cpu.Halt();
            return true;
        }

        return false;
    }
}
