using Sharpfish.Domains;
using Sharpfish.Monitors;
using Sharpfish.Services.Boot;
using Sharpfish.Services.Fish;
using Sharpfish.Skb;

namespace Sharpfish.Services.Programs;

/// <summary>What the system image holds: the system's domains, the shell, and the programs a user spawns.</summary>
public static class ImageModules
{
    /// <summary>The programs a user spawns from the shell.</summary>
    public static IReadOnlyList<Module> Programs { get; } = [ExampleModules.Hello, ExampleModules.PingPong, ThreadsDemo.Module, ExampleModules.Spin, ExampleModules.Fault];

    /// <summary>The names of the system's own domains (the rest is what users started).</summary>
    public static IReadOnlySet<string> SystemPrograms { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SystemModules.NameService.Name, SystemModules.SkbName, SystemModules.Spawnd.Name, SystemModules.MemServ.Name, FishShell.ProgramName,
    };

    /// <summary>Programs every core runs once the system is up.</summary>
    public static IReadOnlyList<string> PerCore { get; } = [SystemModules.Spawnd.Name];

    /// <summary>The whole image for a boot with these options.</summary>
    public static Image Create(BootOptions options, BootResult result, IReadOnlyList<CoreBootRecord> bootRecords, SkbDatabase skb) =>
        new([SystemModules.NameService, SystemModules.Skb(skb), SystemModules.Spawnd, SystemModules.MemServ, FishShell.Module(options, result, bootRecords), .. Programs, .. options.ExtraPrograms ?? []]);
}
