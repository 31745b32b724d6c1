using System.Globalization;
using Sharpfish.Errors;
using Sharpfish.Monitors;
using Sharpfish.Platform.Topology;
using Sharpfish.Runtime;
using Sharpfish.Services.Boot;
using Spectre.Console;

namespace Sharpfish.Services.Fish;

/// <summary>
/// fish, the shell: a domain on the BSP that runs the <c>--run</c> commands, then reads more from the console when
/// there is a terminal, and halts the system at the end. A command that fails prints its error and the shell
/// goes on; the boot's exit code then reports the failure.
/// </summary>
public sealed class FishShell : IEventSource
{
    /// <summary>fish's domain id.</summary>
    public const int DomainId = 1;

    private readonly BootOptions _options;
    private readonly BootResult _result;
    private TaskCompletionSource<string?>? _pendingLine;
    private bool _halt;

    /// <summary>Creates the shell domain on the monitor's core.</summary>
    public FishShell(Monitor monitor, BootOptions options, BootResult result)
    {
        Monitor = monitor;
        _options = options;
        _result = result;
        Dispatcher = new Dispatcher(monitor.Cpu, "fish", DomainId);
        Dispatcher.Waitset.Add(this);
        var platformConsole = monitor.Cpu.Platform.Console;
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = options.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = options.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new ConsoleWriter(platformConsole)),
        });
    }

    /// <summary>The monitor of the shell's core.</summary>
    public Monitor Monitor { get; }

    /// <summary>The shell's dispatcher.</summary>
    public Dispatcher Dispatcher { get; }

    /// <summary>Where output goes.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>The core the shell runs on.</summary>
    public int CoreId => Dispatcher.CoreId;

    /// <summary>The machine.</summary>
    public MachineTopology Topology => Monitor.Cpu.Platform.Topology;

    /// <summary>Starts the shell's thread.</summary>
    public void Start() => Dispatcher.StartThread(RunAsync);

    /// <summary>Ends the shell after the current command; the system halts.</summary>
    public void RequestHalt() => _halt = true;

    /// <summary>"12.3 µs" style: nanoseconds for people.</summary>
    public static string FormatNs(long ns) => ns switch
    {
        < 1_000 => $"{ns} ns",
        < 1_000_000 => $"{(ns / 1e3).ToString("0.0", CultureInfo.InvariantCulture)} µs",
        < 1_000_000_000 => $"{(ns / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{(ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture)} s",
    };

    /// <summary>Hands a console line to a thread waiting for one.</summary>
    public bool Poll()
    {
        var console = Monitor.Cpu.Platform.Console;
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

    /// <summary>Runs one command line (commands separated by ';').</summary>
    public async Task ExecuteAsync(string line)
    {
        foreach (var text in line.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
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

        await Monitor.HaltSystemAsync();
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
}
