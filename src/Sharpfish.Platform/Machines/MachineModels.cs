using System.Globalization;
using System.Text.RegularExpressions;
using Sharpfish.Errors;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Machines;

/// <summary>
/// The machines <c>--sim</c> accepts: the paper's four test machines (§4.1, Figure 2) with latencies from its
/// Table 2, and synthetic <c>S×C[×T]</c> machines (S sockets of C cores of T threads).
/// </summary>
public static partial class MachineModels
{
    private const long KiB = 1 << 10;
    private const long MiB = 1 << 20;
    private const long GiB = 1L << 30;

    /// <summary>The paper's C ≈ 6000 cycles to block and be woken by an IPI (§5.2, "Cost of polling").</summary>
    private const long PaperWakeUp = 6000;

    /// <summary>The pre-asserted machines, in the order of the paper's §4.1.</summary>
    public static IReadOnlyList<MachineModel> Paper { get; } =
    [
        Model(
            "intel-2x4",
            "2×4-core Intel: 2× Xeon X5355 2.66 GHz, 2 dies × 2 cores per package, 4 MiB L2 per die, shared FSB",
            new RegularMachine("intel-2x4", "Intel Xeon X5355", 2.66, 2, 2, 2, 1,
                [new(1, CacheKind.Data, 32 * KiB, CacheScope.PhysicalCore), new(2, CacheKind.Unified, 4 * MiB, CacheScope.Die)],
                NodePerPackage: false, 8 * GiB, []),
            // Table 2: 180 cycles between cores sharing an L2, 570 otherwise.
            new LatencyModel { SmtSibling = 180, SharedL2 = 180, SharedL3 = 180, SameNode = 570, OneHop = 570, PerExtraHop = 0, LineOccupancy = 170, WakeUp = PaperWakeUp }),
        Model(
            "amd-2x2",
            "2×2-core AMD: 2× Opteron 2220 2.8 GHz, 1 MiB private L2, 2 HyperTransport links",
            new RegularMachine("amd-2x2", "AMD Opteron 2220", 2.8, 2, 1, 2, 1,
                [new(1, CacheKind.Data, 64 * KiB, CacheScope.PhysicalCore), new(2, CacheKind.Unified, 1 * MiB, CacheScope.PhysicalCore)],
                NodePerPackage: true, 4 * GiB, [(0, 1)]),
            // Table 2: 450 cycles on one die, 532 one hop away.
            new LatencyModel { SmtSibling = 450, SharedL2 = 450, SharedL3 = 450, SameNode = 450, OneHop = 532, PerExtraHop = 0, LineOccupancy = 290, WakeUp = PaperWakeUp }),
        Model(
            "amd-4x4",
            "4×4-core AMD: 4× Opteron 8380 2.5 GHz, 512 KiB L2, 6 MiB L3 per chip, HyperTransport square",
            new RegularMachine("amd-4x4", "AMD Opteron 8380", 2.5, 4, 1, 4, 1,
                [new(1, CacheKind.Data, 64 * KiB, CacheScope.PhysicalCore), new(2, CacheKind.Unified, 512 * KiB, CacheScope.PhysicalCore), new(3, CacheKind.Unified, 6 * MiB, CacheScope.Package)],
                NodePerPackage: true, 4 * GiB, [(0, 1), (1, 3), (3, 2), (2, 0)]),
            // Table 2: 448 shared L3, 545 one hop, 558 two hops.
            new LatencyModel { SmtSibling = 448, SharedL2 = 448, SharedL3 = 448, SameNode = 448, OneHop = 545, PerExtraHop = 13, LineOccupancy = 280, WakeUp = PaperWakeUp }),
        Model(
            "amd-8x4",
            "8×4-core AMD: 8× Opteron 8350 2.0 GHz, 512 KiB L2, 2 MiB L3 per chip, HyperTransport of Figure 2",
            new RegularMachine("amd-8x4", "AMD Opteron 8350", 2.0, 8, 1, 4, 1,
                [new(1, CacheKind.Data, 64 * KiB, CacheScope.PhysicalCore), new(2, CacheKind.Unified, 512 * KiB, CacheScope.PhysicalCore), new(3, CacheKind.Unified, 2 * MiB, CacheScope.Package)],
                NodePerPackage: true, 2 * GiB,
                // Figure 2: nodes 0-2-4-6 on top, 1-3-5-7 below; verticals 0–1, 2–3, 6–7; crossed 4–7 and 5–6.
                [(0, 2), (2, 4), (4, 6), (1, 3), (3, 5), (5, 7), (0, 1), (2, 3), (6, 7), (4, 7), (5, 6)]),
            // Table 2: 538 shared L3, 613 one hop, 618 two hops.
            new LatencyModel { SmtSibling = 538, SharedL2 = 538, SharedL3 = 538, SameNode = 538, OneHop = 613, PerExtraHop = 5, LineOccupancy = 360, WakeUp = PaperWakeUp }),
    ];

    /// <summary>Every name <see cref="Find"/> accepts, with a description, for <c>sharpfish machines</c>.</summary>
    public static IReadOnlyList<(string Name, string Description)> Catalogue =>
    [
        .. Paper.Select(m => (m.Name, m.Description)),
        ("SxC[xT]", "synthetic: S sockets × C cores [× T SMT threads], one NUMA node per socket, e.g. 4x8, 2x8x2, 32x32"),
    ];

    /// <summary>Finds a machine by name: a paper machine, or a synthetic "SxC[xT]".</summary>
    /// <exception cref="SharpfishException">No such machine; the message lists the names there are.</exception>
    public static MachineModel Find(string name)
    {
        var model = Paper.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        if (model is not null)
        {
            return model;
        }

        var match = SyntheticName().Match(name);
        if (match.Success)
        {
            int Part(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 1;
            return Synthetic(Part(1), Part(2), Part(3));
        }

        throw new SharpfishException(
            ErrorCode.UnknownMachine,
            $"no machine model is called '{name}'; try {string.Join(", ", Paper.Select(m => m.Name))} or SxC[xT] such as 4x8 (see 'sharpfish machines')");
    }

    /// <summary>A synthetic machine of <paramref name="sockets"/> × <paramref name="cores"/> × <paramref name="threads"/>,
    /// every socket one interconnect hop from every other.</summary>
    /// <exception cref="SharpfishException">A count is below 1 or the machine would exceed 4096 cores.</exception>
    public static MachineModel Synthetic(int sockets, int cores, int threads)
    {
        if (sockets < 1 || cores < 1 || threads < 1 || (long)sockets * cores * threads > 4096)
        {
            throw new SharpfishException(ErrorCode.UnknownMachine, $"synthetic machine {sockets}x{cores}x{threads}: every count must be at least 1 and the total at most 4096 cores");
        }

        var name = threads == 1 ? $"{sockets}x{cores}" : $"{sockets}x{cores}x{threads}";
        var links = new List<(int, int)>();
        for (var a = 0; a < sockets; a++)
        {
            for (var b = a + 1; b < sockets; b++)
            {
                links.Add((a, b));
            }
        }

        return Model(
            name,
            $"synthetic: {sockets} socket(s) × {cores} core(s) × {threads} thread(s), 3.0 GHz, shared L3 per socket",
            new RegularMachine(name, "synthetic", 3.0, sockets, 1, cores, threads,
                [new(1, CacheKind.Data, 32 * KiB, CacheScope.PhysicalCore), new(2, CacheKind.Unified, 1 * MiB, CacheScope.PhysicalCore), new(3, CacheKind.Unified, 32 * MiB, CacheScope.Package)],
                NodePerPackage: true, 16 * GiB, links),
            new LatencyModel { SmtSibling = 120, SharedL2 = 120, SharedL3 = 300, SameNode = 300, OneHop = 600, PerExtraHop = 40, LineOccupancy = 150, WakeUp = 9000 });
    }

    private static MachineModel Model(string name, string description, RegularMachine machine, LatencyModel latency) =>
        new(name, description, machine.Build(), latency);

    [GeneratedRegex(@"^(\d{1,4})x(\d{1,4})(?:x(\d{1,2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SyntheticName();
}
