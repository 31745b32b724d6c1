using System.Globalization;
using Sharpfish.Errors;
using Sharpfish.Kernel;
using Sharpfish.Monitors;
using Sharpfish.Platform;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Services.Fish;
using Sharpfish.Services.Programs;
using Sharpfish.Skb;

namespace Sharpfish.Services.Boot;

/// <summary>
/// The boot sequence: what runs on each core. Before any core starts, the SKB gathers its facts (measuring the
/// latencies between cores, or reading them from the cache); the BSP's monitor runs its multicast policy for each
/// core that multicasts, when it first does (<see cref="MulticastRoutes"/>). The BSP gets a CPU driver and its monitor, which boots every other
/// core in turn (each with a CPU driver and a monitor of its own) and prints the boot log; asked to, it then links
/// every pair of monitors (otherwise links are made as the protocols' trees need them). It starts the name service,
/// tells every core the system is up (each starts its spawnd), starts the skb domain over the SKB's database, and
/// starts the fish shell, whose end halts the system.
/// </summary>
public static class SystemBoot
{
    /// <summary>Cores logged one per line at most, unless verbose; larger machines get a summary.</summary>
    public const int DetailedLogLimit = 64;

    /// <summary>Boots <paramref name="platform"/>, runs the shell and returns once every core has halted.</summary>
    public static BootResult Run(Platform.Platform platform, BootOptions options) => Run(platform, options, out _);

    /// <summary>Boots, runs the shell, halts; also hands back every core's monitor after the run (for tests that
    /// compare the replicas: read them only once every core has stopped).</summary>
    public static BootResult Run(Platform.Platform platform, BootOptions options, out IReadOnlyList<Monitor?> monitors)
    {
        var result = new BootResult();
        var records = new List<CoreBootRecord>();
        var all = new Monitor?[platform.Topology.CoreCount];
        monitors = all;
        if (options.Shootdown == ShootdownProtocol.Broadcast)
        {
            result.ExitCode = 1;
            result.Error = "the monitors' TLB shootdown is unicast, multicast or NUMA-aware multicast: broadcast needs one channel that every core polls, which is no monitor link";
            return result;
        }

        var skbOptions = options.Skb ?? new SkbOptions();
        SkbDatabase skb;
        try
        {
            skb = SkbDatabase.Create(SkbFacts.Gather(platform, skbOptions), skbOptions);
        }
        catch (SharpfishException e)
        {
            result.ExitCode = 1;
            result.Error = $"the SKB could not gather its facts: {e.Message}";
            return result;
        }

        using (skb)
        {
            LogMeasurement(platform, skb);
            var image = ImageModules.Create(options, result, records, skb);
            try
            {
                platform.Run(core => Bsp(core, image, options, result, records, all, skb));
            }
            catch (SharpfishException e)
            {
                result.ExitCode = 1;
                result.Error = e.Message;
            }
        }

        return result;
    }

    private static void LogMeasurement(Platform.Platform platform, SkbDatabase skb)
    {
        var measurement = skb.Facts.Measurement;
        var took = $" in {FishShell.FormatNs(measurement.DurationNs)}";
        var how = measurement.Method switch
        {
            "model" => "from the machine model", // no time: a simulated boot prints the same thing every run
            "cache" => $"read from the cache{took}",
            _ => $"measured over URPC{took}",
        };
        platform.Console.WriteLine($"skb: round trips between {skb.Facts.Topology.CoreCount} core(s) {how}");
    }

    private static CpuDriver Bsp(Core core, Domains.Image image, BootOptions options, BootResult result, List<CoreBootRecord> records, Monitor?[] monitors, SkbDatabase skb)
    {
        var cpu = new CpuDriver(core);
        var monitor = new Monitor(cpu, image, ImageModules.PerCore, parent: null);
        monitor.Routes.Policy = source => SkbRoutes.Forwarders(skb, source);
        monitor.Shootdowns.Policy = cores => ShootdownPolicy.Choose(skb, cores);
        monitor.Shootdowns.Protocol = options.Shootdown;
        monitors[0] = monitor;
        var console = core.Platform.Console;
        monitor.Dispatcher.StartThread(async () =>
        {
            var topology = core.Platform.Topology;
            console.WriteLine($"Sharpfish booting on the {core.Platform.Kind} platform: {topology.Name} ({topology.CpuModel}), " +
                $"{topology.CoreCount} cores, {topology.Packages.Count} package(s), {topology.Nodes.Count} NUMA node(s)");
            console.WriteLine($"core 0: BSP{Placement(core.Platform, 0)}");
            var started = cpu.NowNs;
            var detailed = options.Verbose || topology.CoreCount - 1 <= DetailedLogLimit;
            try
            {
                await monitor.Boot.BootCoresAsync(
                    Enumerable.Range(1, topology.CoreCount - 1),
                    link => appCore => AppCore(appCore, image, link, options, monitors),
                    record =>
                    {
                        records.Add(record);
                        if (detailed)
                        {
                            console.WriteLine($"core {record.Core}: up in {FishShell.FormatNs(record.BootNs)}{Placement(core.Platform, record.Core)}");
                        }
                    });
            }
            catch (SharpfishException e)
            {
                result.ExitCode = 1;
                result.Error = $"boot failed: {e.Message}";
                console.WriteLine(result.Error);
                await monitor.Boot.HaltSystemAsync();
                return;
            }

            if (options.FullMesh)
            {
                monitor.MeshAll();
            }

            LogBoot(core.Platform, records, cpu.NowNs - started, detailed);
            var nameService = await monitor.Domains.SpawnAsync(SystemModules.NameService.Name, []);
            await monitor.Boot.SystemUpAsync(await monitor.FirstExportAsync(nameService));
            await monitor.Domains.SpawnAsync(SystemModules.SkbName, []);
            monitor.Boot.PowerButtonEnabled = true;
            await monitor.Domains.SpawnAsync("fish", []);
        });
        return cpu;
    }

    private static CpuDriver AppCore(Core core, Domains.Image image, BootLink link, BootOptions options, Monitor?[] monitors)
    {
        var cpu = new CpuDriver(core);
        var monitor = new Monitor(cpu, image, ImageModules.PerCore, link);
        monitor.Shootdowns.Protocol = options.Shootdown;
        monitors[core.Id] = monitor;
        return cpu;
    }

    private static void LogBoot(Platform.Platform platform, List<CoreBootRecord> records, long totalNs, bool detailed)
    {
        if (!detailed && records.Count > 0)
        {
            var sorted = records.Select(r => r.BootNs).Order().ToArray();
            platform.Console.WriteLine($"cores 1-{records.Count}: up in {FishShell.FormatNs(sorted[0])} (min), " +
                $"{FishShell.FormatNs(sorted[sorted.Length / 2])} (median), {FishShell.FormatNs(sorted[^1])} (max); --verbose lists each");
        }

        platform.Console.WriteLine($"booted {records.Count + 1} core(s) in {FishShell.FormatNs(totalNs)}");
    }

    private static string Placement(Platform.Platform platform, int core)
    {
        var info = platform.Topology.Cores[core];
        var cpu = info.OsCpu >= 0 ? string.Create(CultureInfo.InvariantCulture, $", cpu {info.OsCpu}") : "";
        return $"{cpu}, package {info.Package}, node {info.Node}";
    }
}
