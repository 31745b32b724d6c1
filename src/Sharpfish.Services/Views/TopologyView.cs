using System.Globalization;
using Sharpfish.Platform.Topology;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sharpfish.Services.Views;

/// <summary>Draws a machine: packages → dies → shared caches → cores as a tree, and the NUMA distance matrix.</summary>
public static class TopologyView
{
    /// <summary>The tree and, with several nodes, the distance matrix.</summary>
    public static IRenderable Render(MachineTopology topology)
    {
        var rows = new List<IRenderable> { Tree(topology) };
        if (topology.Nodes.Count > 1)
        {
            rows.Add(Distances(topology));
        }

        return new Rows(rows);
    }

    /// <summary>Packages → dies → last-level caches → cores (with SMT siblings grouped).</summary>
    public static Tree Tree(MachineTopology topology)
    {
        var tree = new Tree(Markup.Escape($"{topology.Name}: {topology.CpuModel}, {topology.CoreCount} cores, {topology.Packages.Count} package(s), {topology.Nodes.Count} NUMA node(s), {topology.ClockGHz.ToString("0.##", CultureInfo.InvariantCulture)} GHz"));
        foreach (var package in topology.Cores.GroupBy(c => c.Package))
        {
            var packageNode = tree.AddNode($"package {package.Key}");
            var dies = package.GroupBy(c => c.Die).ToArray();
            foreach (var die in dies)
            {
                var dieNode = dies.Length > 1 ? packageNode.AddNode($"die {die.Key}") : packageNode;
                foreach (var group in CacheGroups(topology, [.. die]))
                {
                    var groupNode = group.Cache is null ? dieNode : dieNode.AddNode(Markup.Escape($"{group.Cache.Name} shared by {group.Cores.Count} core(s)"));
                    foreach (var physical in group.Cores.GroupBy(c => c.PhysicalCore))
                    {
                        groupNode.AddNode(Markup.Escape(CoreLabel(topology, [.. physical])));
                    }
                }
            }
        }

        return tree;
    }

    /// <summary>The node distance matrix as a table.</summary>
    public static Table Distances(MachineTopology topology)
    {
        var table = new Table { Title = new TableTitle("NUMA node distances") };
        table.AddColumn("node");
        foreach (var node in topology.Nodes)
        {
            table.AddColumn(new TableColumn(node.Id.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        foreach (var node in topology.Nodes)
        {
            table.AddRow([node.Id.ToString(CultureInfo.InvariantCulture), .. topology.NodeDistances[node.Id].Select(d => d.ToString(CultureInfo.InvariantCulture))]);
        }

        return table;
    }

    private static string CoreLabel(MachineTopology topology, IReadOnlyList<CoreInfo> threads)
    {
        var first = threads[0];
        var ids = string.Join("+", threads.Select(t => t.Id));
        var cpus = first.OsCpu >= 0 ? $", cpu {CpuList.Format(threads.Select(t => t.OsCpu))}" : "";
        var privateCaches = topology.Caches
            .Where(c => c.Cores.Count == threads.Count && threads.All(t => c.Cores.Contains(t.Id)))
            .Select(c => c.Name);
        var caches = string.Join(", ", privateCaches);
        return $"core {ids}{(threads.Count > 1 ? " (SMT)" : "")}{cpus}, node {first.Node}{(caches.Length > 0 ? $", {caches}" : "")}";
    }

    /// <summary>Splits a die's cores by the largest cache shared by more than one physical core.</summary>
    private static IEnumerable<(CacheInfo? Cache, IReadOnlyList<CoreInfo> Cores)> CacheGroups(MachineTopology topology, IReadOnlyList<CoreInfo> cores)
    {
        var ids = cores.Select(c => c.Id).ToHashSet();
        var shared = topology.Caches
            .Where(c => c.Cores.Any(ids.Contains) && c.Cores.Select(id => topology.Cores[id].PhysicalCore).Distinct().Count() > 1)
            .OrderByDescending(c => c.Level)
            .FirstOrDefault();
        if (shared is null)
        {
            return [(null, cores)];
        }

        var groups = topology.Caches.Where(c => c.Level == shared.Level && c.Kind == shared.Kind && c.Cores.Any(ids.Contains));
        return groups.Select(g => ((CacheInfo?)g, (IReadOnlyList<CoreInfo>)[.. cores.Where(c => g.Cores.Contains(c.Id))]));
    }
}
