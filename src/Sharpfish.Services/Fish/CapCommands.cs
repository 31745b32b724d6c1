using System.Globalization;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Services.Programs;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>
/// fish's view of capabilities and physical memory, through mem_serv (started once, on first use; one binding per
/// core, kept): <c>mem</c> shows each core's free and used memory by NUMA node, <c>caps</c> the CSpace of mem_serv on
/// a core as a tree.
/// </summary>
internal static class CapCommands
{
    public static FishCommand Mem { get; } = new("mem", "", "physical memory free and used, per NUMA node and core (from mem_serv)", MemAsync);

    public static FishCommand Caps { get; } = new("caps", "[CORE]", "the capabilities mem_serv holds on a core, as a tree: types, ranges, rights", CapsAsync);

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
        var core = shell.Context.CoreId;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out core) || core >= shell.Topology.CoreCount))
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"caps: '{args[0]}' is not a core (cores 0-{shell.Topology.CoreCount - 1})");
        }

        var server = await BindAsync(shell, core);
        var tree = new Tree(Markup.Escape($"core {core}: the CSpace of mem_serv"));
        TreeNode? last = null;
        for (uint index = 0; ; index++)
        {
            var entry = await server.CspaceEntryAsync(index);
            if (!entry.Present)
            {
                break;
            }

            var range = entry.Bytes == 0 ? "" : $" [0x{entry.Base:x}, 0x{entry.Base + entry.Bytes:x}) {Bytes(entry.Bytes)}";
            var label = Markup.Escape($"{new CapRef(entry.Slot)}: {(ObjType)entry.Type}{range} {(CapRights)entry.Rights}");
            if (entry.Level == 1 || last is null)
            {
                last = tree.AddNode(label);
            }
            else
            {
                last.AddNode(label);
            }
        }

        shell.Out.Write(tree);
    }

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

    /// <summary>fish's end of a mem_serv binding: it only calls.</summary>
    private sealed class MemClient : IMemHandler
    {
        public ValueTask<AllocateResponse> AllocateAsync(byte bits, ulong minbase, ulong maxlimit) => throw NotServed();

        public ValueTask<ErrorCode> FreeAsync(CapRef ram) => throw NotServed();

        public ValueTask<AvailableResponse> AvailableAsync() => throw NotServed();

        public ValueTask<CspaceEntryResponse> CspaceEntryAsync(uint index) => throw NotServed();

        private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "mem_serv called its client");
    }
}
