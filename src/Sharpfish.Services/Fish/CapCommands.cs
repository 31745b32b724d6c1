using System.Globalization;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Platform.Topology;
using Sharpfish.Services.Programs;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>
/// fish's view of capabilities and physical memory: <c>mem</c> shows each core's free and used memory by NUMA node,
/// through mem_serv (started once, on first use; one binding per core, kept); <c>caps</c> a domain's CSpace on each
/// core it spans as a tree, as each core's monitor reads it (CAPOP_CSPACE).
/// </summary>
internal static class CapCommands
{
    public static FishCommand Mem { get; } = new("mem", "", "physical memory free and used, per NUMA node and core (from mem_serv)", MemAsync);

    public static FishCommand Caps { get; } = new("caps", "[DOMAIN]", "a domain's CSpace on each core it spans (the shell's own by default), as a tree: types, ranges, rights", CapsAsync);

    private static async Task MemAsync(FishShell shell, string[] args)
    {
        var topology = shell.Topology;
        var table = new Table().AddColumns("node", "core", "free", "used", "total");
        ulong free = 0, total = 0;
        foreach (var core in topology.Cores.OrderBy(c => c.Node).ThenBy(c => c.Id))
        {
            var server = await BindAsync(shell, core.Id);
            var (available, all) = await server.AvailableAsync();
            free += available;
            total += all;
            table.AddRow(Num(core.Node), Num(core.Id), Bytes(available), Bytes(all - available), Bytes(all));
        }

        table.AddRow("all", "", Bytes(free), Bytes(total - free), Bytes(total));
        shell.Out.Write(table);
    }

    private static async Task CapsAsync(FishShell shell, string[] args)
    {
        var domain = shell.Context.DomainId;
        if (args.Length > 1 || (args.Length == 1 && !uint.TryParse(args[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out domain)))
        {
            throw new SharpfishException(ErrorCode.BadArgument, "caps: give a domain id as 'ps' shows it (hexadecimal), or nothing for the shell's own");
        }

        var id = domain.ToString("x", CultureInfo.InvariantCulture);
        var row = (await shell.Context.DomainsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .FirstOrDefault(f => f.Length > 4 && f[0] == id)
            ?? throw new SharpfishException(ErrorCode.UnknownDomain, $"caps: no domain {id}");
        if (row[4] != "running")
        {
            throw new SharpfishException(ErrorCode.DomainEnded, $"caps: domain {id} has ended, and its CSpaces with it");
        }

        foreach (var core in CpuList.Parse(row[3]))
        {
            var (err, text) = await shell.Context.Monitor.CapInvokeAsync((uint)core, (byte)CapOperation.CapopCspace, domain, 0, 0, 0, 0, 0, 0, 0);
            var tree = new Tree(Markup.Escape($"{row[1]} {id} on core {core}{(err == ErrorCode.Ok ? "" : $": {err.Describe()}")}"));
            TreeNode? last = null;
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var f = line.Split('\t');
                if (f.Length < 6)
                {
                    (last ?? (IHasTreeNodes)tree).AddNode(Markup.Escape(line));
                    continue;
                }

                var (b, bytes) = (Hex(f[3]), Hex(f[4]));
                var range = bytes == 0 ? "" : $" [0x{b:x}, 0x{b + bytes:x}) {Bytes(bytes)}";
                var label = Markup.Escape($"{new CapRef(Hex(f[1]))}: {(ObjType)int.Parse(f[2], CultureInfo.InvariantCulture)}{range} {(CapRights)int.Parse(f[5], CultureInfo.InvariantCulture)}");
                if (f[0] == "1" || last is null)
                {
                    last = tree.AddNode(label);
                }
                else
                {
                    last.AddNode(label);
                }
            }

            if (last is null && err == ErrorCode.Ok)
            {
                tree.AddNode("(empty)");
            }

            shell.Out.Write(tree);
        }
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The shell's binding to mem_serv's dispatcher on <paramref name="core"/>, made once per core; mem_serv
    /// is started once if no domain of that name runs, and its name on the core is waited for (it spans the cores in
    /// turn).</summary>
    private static async Task<MemBinding> BindAsync(FishShell shell, int core)
    {
        if (shell.MemServBindings.TryGetValue(core, out var binding))
        {
            if (binding.ClosedBecause is null)
            {
                return binding;
            }

            // That mem_serv ended: bind afresh, starting it again if no mem_serv runs.
            shell.MemServBindings.Clear();
            shell.MemServStart = null;
        }

        shell.MemServStart ??= StartOnceAsync(shell);
        await shell.MemServStart;
        var iref = await shell.Context.LookupAsync(SystemModules.MemServName(core), wait: true);
        if (!shell.MemServBindings.TryGetValue(core, out binding))
        {
            binding = await shell.Context.BindAsync(iref, (tx, rx) => new MemBinding(tx, rx, new MemClient()));
            shell.MemServBindings[core] = binding;
        }

        return binding;
    }

    private static async Task StartOnceAsync(FishShell shell)
    {
        var running = (await shell.Context.DomainsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Any(f => f.Length > 4 && f[1] == SystemModules.MemServ.Name && f[4] == "running");
        if (running)
        {
            return;
        }

        // Names a mem_serv that ended left behind would send the waiting lookups below to it.
        var names = await shell.Context.NameServiceAsync();
        for (var core = 0; core < shell.Topology.CoreCount; core++)
        {
            _ = await names.UnregisterAsync(SystemModules.MemServName(core));
        }

        var spawnd = await shell.SpawndAsync(shell.Context.CoreId);
        var (err, domain) = await spawnd.SpawnDomainAsync(SystemModules.MemServ.Name, "");
        if (err != ErrorCode.Ok)
        {
            shell.MemServStart = null;
            throw new SharpfishException(err, $"could not start mem_serv: {err.Describe()}");
        }

        shell.Out.WriteLine($"started mem_serv as domain {domain:x}");
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bytes(ulong bytes) => bytes switch
    {
        >= 1UL << 30 when bytes % (1UL << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1UL << 20 when bytes % (1UL << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1UL << 10 when bytes % (1UL << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} B",
    };
}
