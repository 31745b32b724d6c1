using System.CommandLine;
using System.Threading;
using Sharpfish.Cli.Terminal;
using Sharpfish.Platform;
using Sharpfish.Services.Boot;
using Sharpfish.Services.Fish;

namespace Sharpfish.Cli.Commands;

/// <summary><c>sharpfish boot</c>: boots the machine, runs the shell, halts.</summary>
internal static class BootCommand
{
    public static Command Create()
    {
        var machine = new MachineOptions();
        var run = new Option<string?>("--run")
        {
            Description = "Shell commands to run, separated by ';', then halt (without it: a prompt on a terminal, a short tour otherwise)",
            HelpName = "COMMANDS",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every core's boot, however many there are" };
        var mesh = new Option<bool>("--full-mesh") { Description = "Link every pair of monitors at boot (otherwise links are made as protocols need them)" };
        var skb = new SkbCliOptions();
        var command = new Command("boot", "Boot Sharpfish on this machine's cores, or on a simulated machine, and run the fish shell");
        machine.AddTo(command);
        command.Options.Add(run);
        command.Options.Add(verbose);
        command.Options.Add(mesh);
        skb.AddTo(command);
        command.SetAction(parse => CliErrors.Run(() => Boot(machine, parse, parse.GetValue(run), parse.GetValue(verbose), parse.GetValue(mesh), skb.Parse(parse))));
        return command;
    }

    private static int Boot(MachineOptions machine, ParseResult parse, string? run, bool verbose, bool fullMesh, Skb.SkbOptions skb)
    {
        var terminal = !Console.IsInputRedirected;
        var interactive = run is null && terminal;
        var console = new PlatformConsole(Console.Out, interactive ? Keyboard() : null);
        using var platform = machine.Create(parse, console);
        var commands = run is not null
            ? CommandLine.Commands(run)
            : interactive ? [] : Tour(platform.Topology.CoreCount);
        if (interactive && !platform.IsSimulated)
        {
            StartInputDevice(platform);
        }

        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true; // halt cleanly instead of dying
            platform.PressPowerButton();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            var result = SystemBoot.Run(platform, new BootOptions(commands, interactive, Color: !Console.IsOutputRedirected, verbose, FullMesh: fullMesh, Skb: skb));
            if (result.Error is not null)
            {
                Console.Error.WriteLine($"sharpfish: {result.Error}");
            }

            return result.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The terminal's keys, edited into lines, with the history of earlier sessions.</summary>
    private static TerminalReader Keyboard() =>
        new(new LineEditor(() => Console.ReadKey(intercept: true), Console.Out, new LineHistory(LineHistory.DefaultPath), FishShell.Completions, "fish> "));

    /// <summary>What a boot without a terminal and without --run shows.</summary>
    private static string[] Tour(int cores) => cores > 1 ? ["help", "cores", "topology", "ping 1", "halt"] : ["help", "cores", "topology", "halt"];

    /// <summary>The terminal as a device: a host thread that reads lines into the console and rings the BSP.</summary>
    private static void StartInputDevice(Platform.Platform platform)
    {
        var device = new Thread(() =>
        {
            while (platform.Console.PumpLine())
            {
                platform.DoorbellOf(0).Ring();
            }

            platform.DoorbellOf(0).Ring(); // end of input: the shell halts
        })
        { IsBackground = true, Name = "console input" };
        device.Start();
    }
}
