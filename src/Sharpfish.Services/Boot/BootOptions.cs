namespace Sharpfish.Services.Boot;

/// <summary>What a boot should do once the cores are up.</summary>
/// <param name="Commands">Shell commands to run first (from <c>--run</c>).</param>
/// <param name="Interactive">Read further commands from the console after them.</param>
/// <param name="Color">The console is a terminal that shows colour.</param>
/// <param name="Verbose">Log every core even on large machines.</param>
/// <param name="ExtraPrograms">Programs to add to the image (tests add their own).</param>
/// <param name="FullMesh">Link every pair of monitors at boot, instead of making links as protocols need them.</param>
/// <param name="Skb">Where the SKB caches its measurements and finds its policies (null: the defaults).</param>
/// <param name="Shootdown">The protocol of every domain's TLB shootdowns (null: the SKB's policy picks one for each
/// domain's cores); broadcast is refused, as no monitor link is a channel every core polls.</param>
public sealed record BootOptions(
    IReadOnlyList<string> Commands,
    bool Interactive,
    bool Color,
    bool Verbose = false,
    IReadOnlyList<Domains.Module>? ExtraPrograms = null,
    bool FullMesh = false,
    Skb.SkbOptions? Skb = null,
    Sharpfish.Runtime.VirtualMemory.Shootdown.ShootdownProtocol? Shootdown = null);
