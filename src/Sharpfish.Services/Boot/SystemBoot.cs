using System.Globalization;
using Sharpfish.Errors;
using Sharpfish.Kernel;
using Sharpfish.Monitors;
using Sharpfish.Platform;
using Sharpfish.Services.Fish;

namespace Sharpfish.Services.Boot;

/// <summary>
/// The boot image: what runs on each core. The BSP gets a CPU driver, its monitor and the fish shell; its monitor
/// boots every other core in turn with a CPU driver and a monitor of its own, prints the boot log, and starts the
/// shell, whose end halts the system.
/// </summary>
public static class SystemBoot
{
    /// <summary>Cores logged one per line at most, unless verbose; larger machines get a summary.</summary>
    public const int DetailedLogLimit = 64;

    /// <summary>Boots <paramref name="platform"/>, runs the shell and returns once every core has halted.</summary>
    public static BootResult Run(Platform.Platform platform, BootOptions options)
    {
        var result = new BootResult();
        try
        {
            platform.Run(core => Bsp(core, options, result));
        }
        catch (SharpfishException e)
        {
            result.ExitCode = 1;
            result.Error = e.Message;
        }

        return result;
    }

    private static CpuDriver Bsp(Core core, BootOptions options, BootResult result)
    {
        var cpu = new CpuDriver(core);
        var monitor = new Monitor(cpu, parent: null);
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
                await monitor.BootCoresAsync(
                    Enumerable.Range(1, topology.CoreCount - 1),
                    link => appCore => AppCore(appCore, link),
                    record =>
                    {
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
                await monitor.HaltSystemAsync();
                return;
            }

            LogBoot(core.Platform, monitor, cpu.NowNs - started, detailed);
            monitor.PowerButtonEnabled = true;
            new FishShell(monitor, options, result).Start();
        });
        return cpu;
    }

    private static CpuDriver AppCore(Core core, BootLink link)
    {
        var cpu = new CpuDriver(core);
        _ = new Monitor(cpu, link);
        return cpu;
    }

    private static void LogBoot(Platform.Platform platform, Monitor monitor, long totalNs, bool detailed)
    {
        var records = monitor.BootRecords;
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
