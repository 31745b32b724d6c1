using System.Globalization;
using Sharpfish.Errors;
using Sharpfish.Services.Views;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>The commands fish knows, in the order help lists them.</summary>
internal static class FishCommands
{
    public static IReadOnlyList<FishCommand> All { get; } =
    [
        new("help", "", "list the commands", Help),
        new("cores", "", "the cores and how each came up", Cores),
        new("topology", "", "the machine: packages, caches, cores, NUMA distances", Topology),
        new("ping", "CORE [COUNT]", "round trips to another core's monitor, with their latency", Ping),
        new("sleep", "SECONDS", "let the system idle (fractions allowed)", Sleep),
        new("halt", "", "stop every core and leave", Halt),
    ];

    public static FishCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static Task Help(FishShell shell, string[] args)
    {
        var table = new Table().NoBorder().HideHeaders().AddColumn("command").AddColumn("what it does");
        foreach (var command in All)
        {
            table.AddRow(Markup.Escape($"{command.Name} {command.Usage}".Trim()), Markup.Escape(command.Summary));
        }

        shell.Out.Write(table);
        return Task.CompletedTask;
    }

    private static Task Cores(FishShell shell, string[] args)
    {
        var topology = shell.Topology;
        var booted = shell.Monitor.BootRecords.ToDictionary(r => r.Core);
        var table = new Table().AddColumns("core", "cpu", "package", "die", "phys", "node", "state", "boot");
        foreach (var core in topology.Cores)
        {
            var boot = core.Id == shell.CoreId ? "BSP" : booted.TryGetValue(core.Id, out var record) ? FishShell.FormatNs(record.BootNs) : "-";
            table.AddRow(
                Num(core.Id), core.OsCpu >= 0 ? Num(core.OsCpu) : "-", Num(core.Package), Num(core.Die), Num(core.PhysicalCore), Num(core.Node),
                core.Id == shell.CoreId || booted.ContainsKey(core.Id) ? "up" : "down", boot);
        }

        shell.Out.Write(table);
        return Task.CompletedTask;
    }

    private static Task Topology(FishShell shell, string[] args)
    {
        shell.Out.Write(TopologyView.Render(shell.Topology));
        return Task.CompletedTask;
    }

    private static async Task Ping(FishShell shell, string[] args)
    {
        var core = ParseInt(args, 0, "CORE");
        var count = args.Length > 1 ? ParseInt(args, 1, "COUNT") : 4;
        if (core < 0 || core >= shell.Topology.CoreCount || core == shell.CoreId)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"ping: core {core} is not another core of this machine (cores 0-{shell.Topology.CoreCount - 1})");
        }

        if (count is < 1 or > 1_000_000)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "ping: COUNT must be between 1 and 1000000");
        }

        var samples = new long[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = await shell.Monitor.PingAsync(core);
        }

        Array.Sort(samples);
        shell.Out.WriteLine($"{count} round trip(s) to core {core}: min {FishShell.FormatNs(samples[0])}, median {FishShell.FormatNs(samples[count / 2])}, max {FishShell.FormatNs(samples[^1])}");
    }

    private static Task Sleep(FishShell shell, string[] args)
    {
        if (args.Length != 1 || !double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 86_400)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "sleep: give a number of seconds between 0 and 86400");
        }

        return shell.Dispatcher.SleepAsync((long)(seconds * 1e9));
    }

    private static Task Halt(FishShell shell, string[] args)
    {
        shell.RequestHalt();
        return Task.CompletedTask;
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int ParseInt(string[] args, int index, string name) =>
        index < args.Length && int.TryParse(args[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SharpfishException(ErrorCode.BadArgument, $"expected a number for {name}{(index < args.Length ? $", not '{args[index]}'" : "")}");
}
