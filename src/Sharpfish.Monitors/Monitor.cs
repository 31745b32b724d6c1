using Sharpfish.Domains;
using Sharpfish.Kernel;
using Sharpfish.Runtime;
using Sharpfish.Runtime.Flounder;

namespace Sharpfish.Monitors;

/// <summary>
/// The monitor of one core (paper §4.4): a privileged domain that boots other cores, keeps links to other monitors
/// (brokered by the BSP), binds domains to services across cores, starts and ends the domains of its core, and keeps
/// its replica of the domain table consistent with every other by two-phase commit. It talks to other cores only by
/// messages (intermon.if) and to its own domains over LMP (monitor.if).
/// </summary>
public sealed class Monitor
{
    /// <summary>The monitor's domain id on every core.</summary>
    public const int DomainId = 0;

    /// <summary>Starts the monitor of <paramref name="cpu"/>'s core. A core booted by another monitor gets its
    /// <paramref name="parent"/> link and reports in over it at once. Once the system is up the monitor starts
    /// <paramref name="perCorePrograms"/> (spawnd) on its core.</summary>
    public Monitor(CpuDriver cpu, Image image, IReadOnlyList<string> perCorePrograms, BootLink? parent)
    {
        Cpu = cpu;
        Image = image;
        PerCorePrograms = perCorePrograms;
        Dispatcher = new Dispatcher(cpu, "monitor", DomainId, Dispatcher.MonitorPriority);
        Links = new LinkTable(this);
        Table = new DomainTable(cpu.Platform.Topology.CoreCount);
        Routes = new MulticastRoutes(this);
        Agreement = new Agreement(this);
        Caps = new CapOps(this);
        Shootdowns = new TlbShootdowns(this);
        Binder = new Binder(this);
        Domains = new LocalDomains(this);
        cpu.OnSliceOverrun = Domains.SliceOverrun;
        Boot = new BootProtocol(this);
        Dispatcher.Waitset.Add(Boot);
        if (parent is not null)
        {
            var link = Links.Open(parent.Parent, parent.ToParent, parent.ToChild);
            link.SendBootReportAsync((uint)CoreId).Forget(Dispatcher.Fault);
        }
    }

    /// <summary>The CPU driver of this monitor's core.</summary>
    public CpuDriver Cpu { get; }

    /// <summary>This core.</summary>
    public int CoreId => Cpu.Core.Id;

    /// <summary>The programs domains can run.</summary>
    public Image Image { get; }

    /// <summary>Programs every monitor starts on its core once the system is up.</summary>
    public IReadOnlyList<string> PerCorePrograms { get; }

    /// <summary>The monitor's dispatcher.</summary>
    public Dispatcher Dispatcher { get; }

    /// <summary>The name service's iref (0 until it has exported).</summary>
    public uint NameService { get; set; }

    /// <summary>This core's multicast routes, for every one-to-many protocol; worked out on demand by the SKB's policy
    /// on the BSP (set the BSP's <see cref="MulticastRoutes.Policy"/> before it boots other cores).</summary>
    public MulticastRoutes Routes { get; }

    /// <summary>Links to other monitors.</summary>
    internal LinkTable Links { get; }

    /// <summary>This core's replica of the domain table.</summary>
    public DomainTable Table { get; }

    /// <summary>The two-phase commit of table changes.</summary>
    internal Agreement Agreement { get; }

    /// <summary>The distributed capability operations.</summary>
    internal CapOps Caps { get; }

    /// <summary>TLB shootdowns of this core's domains, and this core's part in others'.</summary>
    public TlbShootdowns Shootdowns { get; }

    /// <summary>Services and connections.</summary>
    internal Binder Binder { get; }

    /// <summary>The domains with a dispatcher on this core.</summary>
    public LocalDomains Domains { get; }

    /// <summary>Core boot and system halt.</summary>
    public BootProtocol Boot { get; }

    /// <summary>The platform.</summary>
    internal Platform.Platform Platform => Cpu.Platform;

    /// <summary>The iref of the first service <paramref name="domain"/>, a domain of this core, exports.</summary>
    public Task<uint> FirstExportAsync(uint domain) => Binder.FirstExportAsync(domain);

    /// <summary>Makes a link between every pair of cores (BSP, after boot): the full monitor mesh.</summary>
    public void MeshAll()
    {
        var cores = Platform.Topology.CoreCount;
        for (var a = 1; a < cores; a++)
        {
            for (var b = a + 1; b < cores; b++)
            {
                Links.Request(a, b);
            }
        }
    }

    /// <summary>Links this monitor holds to other monitors.</summary>
    public int LinkCount => Links.All.Count;

    /// <summary>Measures a round trip to the monitor of <paramref name="core"/>, in nanoseconds.</summary>
    public async Task<long> PingAsync(int core)
    {
        var link = await Links.GetAsync(core);
        var sent = Cpu.NowNs;
        _ = await link.PingAsync((ulong)sent);
        return Cpu.NowNs - sent;
    }

    /// <summary>Runs asynchronous protocol work started from a message handler on the monitor's dispatcher; a
    /// failure there is a monitor bug and panics the core.</summary>
    internal void Run(Func<Task> work) => Dispatcher.StartThread(work);
}
