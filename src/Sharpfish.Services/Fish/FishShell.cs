using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Spawn;
using Sharpfish.Monitors;
using Sharpfish.Platform.Topology;
using Sharpfish.Runtime;
using Sharpfish.Services.Boot;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>
/// fish, the shell: a domain on the BSP that runs the <c>--run</c> commands, then reads more from the console when
/// there is a terminal, and halts the system at the end. It reaches the rest of the system only as a domain does:
/// through its monitor, the name service, and spawnd on each core. A command that fails prints its error and the
/// shell goes on; the boot's exit code then reports the failure.
/// </summary>
public sealed class FishShell : IEventSource
{
    private readonly BootOptions _options;
    private readonly BootResult _result;
    private readonly Dictionary<int, SpawnBinding> _spawnd = [];
    private readonly Dictionary<int, Interfaces.Mem.MemBinding> _memServ = [];
    private TaskCompletionSource<string?>? _pendingLine;
    private bool _halt;

    private FishShell(DomainContext context, BootOptions options, BootResult result, IReadOnlyList<CoreBootRecord> bootRecords)
    {
        Context = context;
        _options = options;
        _result = result;
        BootRecords = bootRecords;
        context.Dispatcher.Waitset.Add(this);
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = options.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = options.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new ConsoleWriter(context.Cpu.Platform.Console)),
        });
    }

    /// <summary>fish's domain on the BSP.</summary>
    public DomainContext Context { get; }

    /// <summary>How each core came up.</summary>
    public IReadOnlyList<CoreBootRecord> BootRecords { get; }

    /// <summary>Where output goes.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>The machine.</summary>
    public MachineTopology Topology => Context.Cpu.Platform.Topology;

    /// <summary>The shell's program name.</summary>
    public const string ProgramName = "fish";

    /// <summary>The words that may complete the last word of <paramref name="head"/> (a line up to the cursor): a
    /// command first, a program after <c>spawn</c>.</summary>
    public static IEnumerable<string> Completions(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var words = head.Split(' ');
        return words.Length == 1 ? FishCommands.All.Select(c => c.Name)
            : words[0] == "spawn" && words.Length == 2 ? Programs.ImageModules.Programs.Select(p => p.Name)
            : [];
    }

    /// <summary>The fish program, for a boot with these options; it writes the boot's exit code.</summary>
    public static Module Module(BootOptions options, BootResult result, IReadOnlyList<CoreBootRecord> bootRecords) =>
        new(ProgramName, "the shell", async context =>
        {
            await new FishShell(context, options, result, bootRecords).RunAsync();
            return 0;
        }, BootOnly: true);

    /// <summary>"12.3 µs" style: nanoseconds for people.</summary>
    public static string FormatNs(long ns) => ns switch
    {
        < 1_000 => $"{ns} ns",
        < 1_000_000 => $"{(ns / 1e3).ToString("0.0", CultureInfo.InvariantCulture)} µs",
        < 1_000_000_000 => $"{(ns / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{(ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture)} s",
    };

    /// <summary>Ends the shell after the current command; the system halts.</summary>
    public void RequestHalt() => _halt = true;

    /// <summary>spawnd of <paramref name="core"/>, bound on first use.</summary>
    public async Task<SpawnBinding> SpawndAsync(int core)
    {
        if (!_spawnd.TryGetValue(core, out var binding))
        {
            var iref = await Context.LookupAsync(Programs.SystemModules.SpawndName(core), wait: true);
            binding = await Context.BindAsync(iref, (tx, rx) => new SpawnBinding(tx, rx, new SpawnClient()));
            _spawnd[core] = binding;
        }

        return binding;
    }

    /// <summary>The shell's bindings to mem_serv's dispatchers, by core, made once per core.</summary>
    internal Dictionary<int, Interfaces.Mem.MemBinding> MemServBindings => _memServ;

    /// <summary>mem_serv's start by this shell, once (null until the first <c>mem</c> or <c>caps</c>).</summary>
    internal Task? MemServStart { get; set; }

    /// <summary>Hands a console line to the shell's thread when it waits for one.</summary>
    public bool Poll()
    {
        var console = Context.Cpu.Platform.Console;
        if (_pendingLine is null)
        {
            return false;
        }

        if (console.TryReadLine(out var line))
        {
            Complete(line);
            return true;
        }

        if (console.EndOfInput)
        {
            Complete(null);
            return true;
        }

        return false;
    }

    /// <summary>Runs one command line (commands separated by ';', see <see cref="CommandLine"/>).</summary>
    public async Task ExecuteAsync(string line)
    {
        IReadOnlyList<string> commands;
        try
        {
            commands = CommandLine.Commands(line);
        }
        catch (SharpfishException e)
        {
            Out.MarkupLineInterpolated($"[red]fish: {e.Message}[/]");
            _result.ExitCode = 1;
            return;
        }

        foreach (var text in commands)
        {
            try
            {
                var words = CommandLine.Words(text);
                var command = FishCommands.Find(words[0])
                    ?? throw new SharpfishException(ErrorCode.UnknownCommand, $"unknown command '{words[0]}'; 'help' lists the commands");
                await command.Run(this, words[1..]);
            }
            catch (SharpfishException e)
            {
                Out.MarkupLineInterpolated($"[red]fish: {e.Message}[/]");
                _result.ExitCode = 1;
            }

            if (_halt)
            {
                return;
            }
        }
    }

    private async Task RunAsync()
    {
        foreach (var line in _options.Commands)
        {
            Out.MarkupLineInterpolated($"[bold]fish>[/] {line}");
            await ExecuteAsync(line);
            if (_halt)
            {
                break;
            }
        }

        while (!_halt && _options.Interactive)
        {
            Out.Markup("[bold]fish>[/] ");
            var line = await ReadLineAsync();
            if (line is null)
            {
                Out.WriteLine();
                break;
            }

            await ExecuteAsync(line);
        }

        Context.Halt();
    }

    private Task<string?> ReadLineAsync()
    {
        _pendingLine = new TaskCompletionSource<string?>();
        return _pendingLine.Task;
    }

    private void Complete(string? line)
    {
        var pending = _pendingLine!;
        _pendingLine = null;
        pending.SetResult(line);
    }

    /// <summary>fish's end of a spawnd binding: it only calls.</summary>
    private sealed class SpawnClient : ISpawnHandler
    {
        public ValueTask<SpawnDomainResponse> SpawnDomainAsync(string name, string argv) => throw NotServed();

        public ValueTask<ErrorCode> KillAsync(uint domain) => throw NotServed();

        public ValueTask<WaitResponse> WaitAsync(uint domain) => throw NotServed();

        private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "spawnd called fish");
    }
}
