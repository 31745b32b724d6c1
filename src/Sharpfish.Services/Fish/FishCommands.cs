using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Services.Programs;
using Sharpfish.Services.Views;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>The commands fish knows, in the order help lists them.</summary>
internal static class FishCommands
{
    public static IReadOnlyList<FishCommand> All { get; } =
    [
        new("help", "", "list the commands and the programs of the image", Help),
        new("ps", "", "every domain on every core (this core's replica of the domain table)", Ps),
        new("spawn", "NAME [--core N] [--wait] [ARGS...]", "start a program on a core (through that core's spawnd); --wait waits for its end", Spawn),
        new("kill", "DOMAIN", "end a domain on every core it spans", Kill),
        new("wait", "DOMAIN", "wait until a domain ends, and show its exit code", Wait),
        new("names", "", "the names registered with the name service", Names),
        new("ping", "CORE [COUNT]", "round trips to another core's monitor, with their latency", Ping),
        new("cores", "", "the cores and how each came up", Cores),
        new("topology", "", "the machine: packages, caches, cores, NUMA distances", Topology),
        CapCommands.Mem,
        CapCommands.Caps,
        SkbCommands.Command,
        new("sleep", "SECONDS", "let the system idle (fractions allowed)", Sleep),
        new("halt", "", "stop every core and leave (programs still running get a short grace to finish)", Halt),
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
        var programs = new Table().NoBorder().HideHeaders().AddColumn("program").AddColumn("what it does");
        foreach (var module in Programs.ImageModules.Programs)
        {
            programs.AddRow(Markup.Escape(module.Name), Markup.Escape(module.Description));
        }

        shell.Out.WriteLine("programs:");
        shell.Out.Write(programs);
        return Task.CompletedTask;
    }

    private static async Task Ps(FishShell shell, string[] args)
    {
        var table = new Table().AddColumns("domain", "program", "home", "cores", "state", "exit");
        foreach (var row in await DomainRowsAsync(shell))
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        shell.Out.Write(table);
    }

    private static async Task Spawn(FishShell shell, string[] args)
    {
        if (args.Length == 0)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "spawn: which program? ('help' lists them)");
        }

        var core = shell.Context.CoreId;
        var wait = false;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--core")
            {
                core = ProgramArguments.Core(args, ++i, shell.Topology.CoreCount, "spawn");
            }
            else if (args[i] == "--wait")
            {
                wait = true;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var spawnd = await shell.SpawndAsync(core);
        var (err, domain) = await spawnd.SpawnDomainAsync(args[0], Argv.Encode(rest));
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"spawn: '{args[0]}' on core {core}: {err.Describe()}");
        }

        shell.Out.WriteLine($"spawned {args[0]} as domain {domain:x} on core {core}");
        if (wait)
        {
            shell.Out.WriteLine($"domain {domain:x} ended with exit code {await shell.Context.WaitAsync(domain)}");
        }
    }

    private static async Task Kill(FishShell shell, string[] args)
    {
        var domain = ParseDomain(args, "kill");
        await shell.Context.KillAsync(domain);
        shell.Out.WriteLine($"killed domain {domain:x}");
    }

    private static async Task Wait(FishShell shell, string[] args)
    {
        var domain = ParseDomain(args, "wait");
        shell.Out.WriteLine($"domain {domain:x} ended with exit code {await shell.Context.WaitAsync(domain)}");
    }

    private static async Task Names(FishShell shell, string[] args)
    {
        var names = await shell.Context.NameServiceAsync();
        var table = new Table().AddColumns("name", "iref", "core");
        foreach (var line in (await names.ListAsync("")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            var iref = uint.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(parts[0]), parts[1], Identifiers.CoreOf(iref).ToString(CultureInfo.InvariantCulture));
        }

        shell.Out.Write(table);
    }

    private static async Task Ping(FishShell shell, string[] args)
    {
        var core = ProgramArguments.Core(args, 0, shell.Topology.CoreCount, "ping");
        var count = ProgramArguments.Number(args, 1, 4, "ping COUNT");
        if (core == shell.Context.CoreId)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"ping: core {core} is fish's own core; name another");
        }

        if (count is < 1 or > 1_000_000)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "ping: COUNT must be between 1 and 1000000");
        }

        var samples = new long[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = await shell.Context.PingAsync(core);
        }

        Array.Sort(samples);
        shell.Out.WriteLine($"{count} round trip(s) to core {core}: min {FishShell.FormatNs(samples[0])}, median {FishShell.FormatNs(samples[count / 2])}, max {FishShell.FormatNs(samples[^1])}");
    }

    private static Task Cores(FishShell shell, string[] args)
    {
        var topology = shell.Topology;
        var booted = shell.BootRecords.ToDictionary(r => r.Core);
        var table = new Table().AddColumns("core", "cpu", "package", "die", "phys", "node", "state", "boot");
        foreach (var core in topology.Cores)
        {
            var bsp = core.Id == 0;
            var up = bsp || booted.ContainsKey(core.Id);
            table.AddRow(
                Num(core.Id), core.OsCpu >= 0 ? Num(core.OsCpu) : "-", Num(core.Package), Num(core.Die), Num(core.PhysicalCore), Num(core.Node),
                up ? "up" : "down", bsp ? "BSP" : up ? FishShell.FormatNs(booted[core.Id].BootNs) : "-");
        }

        shell.Out.Write(table);
        return Task.CompletedTask;
    }

    private static Task Topology(FishShell shell, string[] args)
    {
        shell.Out.Write(TopologyView.Render(shell.Topology));
        return Task.CompletedTask;
    }

    private static Task Sleep(FishShell shell, string[] args)
    {
        if (args.Length != 1)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "sleep: give a number of seconds");
        }

        return shell.Context.Dispatcher.SleepAsync(ProgramArguments.Seconds(args, 0, 0, "sleep"));
    }

    /// <summary>How long halt lets running programs finish (their output would otherwise be cut off), like a
    /// shutdown's grace before it ends what is left.</summary>
    private const double HaltGraceSeconds = 0.1;

    private static async Task Halt(FishShell shell, string[] args)
    {
        var running = (await DomainRowsAsync(shell))
            .Where(row => row.Length > 4 && row[4] == "running" && !Programs.ImageModules.SystemPrograms.Contains(row[1]))
            .ToArray();
        if (running.Length > 0)
        {
            shell.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"halt: {running.Length} program(s) still running ({string.Join(", ", running.Select(r => $"{r[1]} {r[0]}"))}); up to {HaltGraceSeconds} s to finish"));
            var ends = running.Select(r => shell.Context.WaitAsync(uint.Parse(r[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            await Task.WhenAny(Task.WhenAll(ends), shell.Context.Dispatcher.SleepAsync((long)(HaltGraceSeconds * 1e9)));
        }

        shell.RequestHalt();
    }

    /// <summary>This core's replica of the domain table, a row of fields each (domain, program, home, cores, state,
    /// exit).</summary>
    private static async Task<string[][]> DomainRowsAsync(FishShell shell) =>
        [.. (await shell.Context.DomainsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))];

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static uint ParseDomain(string[] args, string command) =>
        args.Length == 1 && uint.TryParse(args[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var domain)
            ? domain
            : throw new SharpfishException(ErrorCode.BadArgument, $"{command}: give a domain id as 'ps' shows it (hexadecimal)");
}
