using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Platform.Topology;

/// <summary>
/// Discovers the host's topology from <c>/sys/devices/system/{cpu,node}</c> and <c>/proc/cpuinfo</c>: online
/// logical cores, SMT siblings, packages, dies, caches and who shares them, NUMA nodes and their distances.
/// Everything is read under a root directory so that recorded trees can be read in tests. Missing files (VMs
/// without cache or NUMA information) fall back to one package, one node and no known caches.
/// </summary>
public sealed class SysfsTopologyReader(string root = "/")
{
    private const string CpuDir = "sys/devices/system/cpu";
    private const string NodeDir = "sys/devices/system/node";

    /// <summary>Reads the machine under the root.</summary>
    /// <exception cref="SharpfishException">The files exist but contradict each other or cannot be parsed.</exception>
    public MachineTopology Read()
    {
        try
        {
            return ReadUnchecked();
        }
        catch (SharpfishException e)
        {
            throw e.Push($"reading the topology under {root}");
        }
    }

    private MachineTopology ReadUnchecked()
    {
        var osCpus = OnlineCpus();
        var idOf = new Dictionary<int, int>();
        for (var i = 0; i < osCpus.Count; i++)
        {
            idOf[osCpus[i]] = i;
        }

        var (nodes, nodeOfCpu, distances) = ReadNodes(osCpus, idOf);
        var cores = osCpus.Select((cpu, id) => new CoreInfo(
            id,
            cpu,
            Package: Math.Max(0, ReadInt($"{CpuDir}/cpu{cpu}/topology/physical_package_id") ?? 0),
            Die: Math.Max(0, ReadInt($"{CpuDir}/cpu{cpu}/topology/die_id") ?? 0),
            PhysicalCore: ReadInt($"{CpuDir}/cpu{cpu}/topology/core_id") ?? cpu,
            Node: nodeOfCpu.GetValueOrDefault(cpu))).ToArray();

        var (model, mhz) = ReadCpuInfo();
        return new MachineTopology("host", model, mhz / 1000.0, cores, ReadCaches(osCpus, idOf), nodes, distances, []);
    }

    private List<int> OnlineCpus()
    {
        var online = ReadText($"{CpuDir}/online");
        if (online is not null)
        {
            return [.. CpuList.Parse(online)];
        }

        // No "online" file: every cpuN directory whose own "online" flag (absent for cpu0) is not 0.
        var dir = Path.Combine(root, CpuDir);
        var cpus = Directory.Exists(dir)
            ? Directory.EnumerateDirectories(dir, "cpu*")
                .Select(d => Path.GetFileName(d)[3..])
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
                .Where(cpu => cpu >= 0 && ReadInt($"{CpuDir}/cpu{cpu}/online") != 0)
                .Order()
                .ToList()
            : [];
        if (cpus.Count == 0)
        {
            throw new SharpfishException(ErrorCode.BadTopology, $"no online CPUs found in {dir}");
        }

        return cpus;
    }

    private (NumaNode[] Nodes, Dictionary<int, int> NodeOfCpu, int[][] Distances) ReadNodes(List<int> osCpus, Dictionary<int, int> idOf)
    {
        var osNodes = ReadText($"{NodeDir}/online") is { } text ? CpuList.Parse(text) : [];
        if (osNodes.Count == 0)
        {
            var all = Enumerable.Range(0, osCpus.Count).ToArray();
            return ([new NumaNode(0, all, 0)], [], [[10]]);
        }

        // Node ids can be sparse (node0, node2); Sharpfish numbers them densely in the same order.
        var nodeOfCpu = new Dictionary<int, int>();
        var nodes = new NumaNode[osNodes.Count];
        var distances = new int[osNodes.Count][];
        for (var n = 0; n < osNodes.Count; n++)
        {
            var dir = $"{NodeDir}/node{osNodes[n]}";
            var cpus = ReadText($"{dir}/cpulist") is { } list ? CpuList.Parse(list) : [];
            foreach (var cpu in cpus)
            {
                nodeOfCpu[cpu] = n;
            }

            nodes[n] = new NumaNode(n, [.. cpus.Where(idOf.ContainsKey).Select(c => idOf[c])], ReadMemTotal($"{dir}/meminfo"));
            var row = ReadText($"{dir}/distance")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            distances[n] = new int[osNodes.Count];
            for (var m = 0; m < osNodes.Count; m++)
            {
                // The distance file has one column per possible node, in node-id order; pick the online ones.
                distances[n][m] = osNodes[m] < row.Length && int.TryParse(row[osNodes[m]], CultureInfo.InvariantCulture, out var d) ? d : (n == m ? 10 : 20);
            }
        }

        return (nodes, nodeOfCpu, distances);
    }

    private CacheInfo[] ReadCaches(List<int> osCpus, Dictionary<int, int> idOf)
    {
        var seen = new HashSet<string>();
        var caches = new List<CacheInfo>();
        foreach (var cpu in osCpus)
        {
            for (var index = 0; ReadText($"{CpuDir}/cpu{cpu}/cache/index{index}/level") is { } levelText; index++)
            {
                var dir = $"{CpuDir}/cpu{cpu}/cache/index{index}";
                var shared = ReadText($"{dir}/shared_cpu_list") ?? cpu.ToString(CultureInfo.InvariantCulture);
                var kind = ReadText($"{dir}/type") switch
                {
                    "Data" => CacheKind.Data,
                    "Instruction" => CacheKind.Instruction,
                    _ => CacheKind.Unified,
                };
                var level = ParseInt(levelText, dir);
                if (!seen.Add($"{level}/{kind}/{shared}"))
                {
                    continue;
                }

                var cores = CpuList.Parse(shared).Where(idOf.ContainsKey).Select(c => idOf[c]).Order().ToArray();
                caches.Add(new CacheInfo(level, kind, ParseSize(ReadText($"{dir}/size")), cores));
            }
        }

        return [.. caches.OrderBy(c => c.Level).ThenBy(c => c.Kind).ThenBy(c => c.Cores[0])];
    }

    private (string Model, double Mhz) ReadCpuInfo()
    {
        var info = CpuInfo.FirstValues(ReadText("proc/cpuinfo") ?? "");
        var model = info.GetValueOrDefault("model name", "unknown processor");
        var mhz = double.TryParse(info.GetValueOrDefault("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 2000;
        return (model, mhz);
    }

    private long ReadMemTotal(string path)
    {
        // "Node 0 MemTotal:        3761952 kB"
        var text = ReadText(path);
        var line = text?.Split('\n').FirstOrDefault(l => l.Contains("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && long.TryParse(parts[^2], CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    private static long ParseSize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v * unit : 0;
    }

    private int? ReadInt(string relative)
    {
        var text = ReadText(relative);
        return text is null ? null : ParseInt(text, relative);
    }

    private static int ParseInt(string text, string where) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new SharpfishException(ErrorCode.BadTopology, $"{where}: '{text}' is not a number");

    private string? ReadText(string relative)
    {
        var path = Path.Combine(root, relative);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null; // some sysfs files vanish or refuse reads while CPUs go on- or offline
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
