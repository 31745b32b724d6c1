using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Services.Programs;

/// <summary>The example programs of the image: hello, pingpong and the spin load generator.</summary>
public static class ExampleModules
{
    /// <summary>hello [ARGS…]: greets from its core, naming its arguments one by one, and exits.</summary>
    public static Module Hello { get; } = new("hello", "hello [ARGS...]: greets from its core and exits 0", context =>
    {
        context.WriteLine($"hello, world{(context.Arguments.Count > 0 ? $" ({string.Join(", ", context.Arguments.Select(a => $"'{a}'"))})" : "")}");
        return Task.FromResult(0);
    });

    /// <summary>
    /// pingpong [ROUNDS]: exports a ping_pong service, spans to the next core and runs ROUNDS echo RPCs from there
    /// (URPC between its two dispatchers). pingpong serve NAME: serves under a name until killed.
    /// pingpong connect NAME [ROUNDS]: binds to a named server and runs the RPCs.
    /// </summary>
    public static Module PingPong { get; } = new(
        "pingpong",
        "pingpong [ROUNDS] | serve NAME | connect NAME [ROUNDS]: echo RPCs between two cores, with their latency",
        PingPongMain,
        new Dictionary<string, Func<DomainContext, string, Task>> { ["client"] = PingPongClientThread });

    /// <summary>fault [MESSAGE]: throws, to show fault isolation: the domain ends as faulted, its core carries on.</summary>
    public static Module Fault { get; } = new("fault", "fault [MESSAGE]: throws, to show that a faulting domain ends and its core carries on", context =>
        throw new InvalidOperationException(context.Arguments.Count > 0 ? string.Join(' ', context.Arguments) : "a deliberate fault"));

    /// <summary>spin [SECONDS] [--slice MS | --no-yield]: keeps its core busy; yields every MS milliseconds (1 unless
    /// told), or never. A domain that overruns its time slice far and often is ended by its monitor.</summary>
    public static Module Spin { get; } = new("spin", "spin [SECONDS] [--slice MS | --no-yield]: a load generator that yields every MS ms (1), or never", SpinMain);

    private static async Task<int> PingPongMain(DomainContext context)
    {
        var arguments = context.Arguments;
        var server = new EchoServer();
        var done = new TaskCompletionSource();
        server.Stopped = () => done.TrySetResult();
        switch (arguments.Count > 0 ? arguments[0] : "")
        {
            case "serve":
                var name = arguments.Count > 1 ? arguments[1] : throw new SharpfishException(ErrorCode.BadArgument, "pingpong serve NAME: a name is needed");
                await context.RegisterAsync(name, await context.ExportAsync((tx, rx) => new PingPongBinding(tx, rx, server)));
                await new TaskCompletionSource().Task; // serves until killed
                return 0;
            case "connect":
                var target = arguments.Count > 1 ? arguments[1] : throw new SharpfishException(ErrorCode.BadArgument, "pingpong connect NAME: a name is needed");
                var iref = await context.LookupAsync(target, wait: true);
                return await RunClient(context, iref, ProgramArguments.Number(arguments, 2, 1000, "ROUNDS"));
            default:
                var rounds = ProgramArguments.Number(arguments, 0, 1000, "ROUNDS");
                var own = await context.ExportAsync((tx, rx) => new PingPongBinding(tx, rx, server));
                var peer = (context.CoreId + 1) % context.Cpu.Platform.Topology.CoreCount;
                await context.SpanAsync(peer);
                await context.StartThreadAsync(peer, "client", string.Create(CultureInfo.InvariantCulture, $"{own} {rounds}"));
                await done.Task;
                return 0;
        }
    }

    private static async Task PingPongClientThread(DomainContext context, string argument)
    {
        var parts = argument.Split(' ');
        var exitCode = await RunClient(context, uint.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            throw new SharpfishException(ErrorCode.ChannelClosed, "pingpong's client lost its server");
        }
    }

    /// <summary>Runs the echo RPCs and reports their round trips; tells the server it is done.</summary>
    private static async Task<int> RunClient(DomainContext context, uint iref, long rounds)
    {
        var binding = await context.BindAsync(iref, (tx, rx) => new PingPongBinding(tx, rx, new EchoServer()));
        var samples = new long[Math.Max(1, rounds)];
        try
        {
            for (var i = 0; i < rounds; i++)
            {
                var start = context.Cpu.NowNs;
                var echoed = await binding.EchoAsync((ulong)i);
                samples[i] = context.Cpu.NowNs - start;
                if (echoed != (ulong)i)
                {
                    throw new SharpfishException(ErrorCode.ProtocolViolation, $"echo {i} came back as {echoed}");
                }
            }

            await binding.SendStopAsync();
        }
        catch (SharpfishException e) when (e.Code == ErrorCode.ChannelClosed)
        {
            context.WriteLine($"the server went away: {e.Message}");
            return 2;
        }

        Array.Sort(samples);
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds} round trips to iref {iref:x} on core {Identifiers.CoreOf(iref)}: min {samples[0]} ns, median {samples[samples.Length / 2]} ns, max {samples[^1]} ns"));
        return 0;
    }

    private static async Task<int> SpinMain(DomainContext context)
    {
        var arguments = context.Arguments.ToList();
        var yields = !arguments.Remove("--no-yield");
        var sliceNs = ProgramArguments.TakeOption(arguments, "--slice") is { } ms ? ProgramArguments.Seconds([ms], 0, 0, "--slice MS") / 1000 : 1_000_000;
        var cpu = context.Cpu;
        var end = cpu.NowNs + ProgramArguments.Seconds(arguments, 0, 1, "SECONDS");
        var slice = cpu.NowNs;
        while (cpu.NowNs < end)
        {
            cpu.Core.Charge(1_000); // modelled work: virtual time moves on the simulator
            if (yields && cpu.NowNs - slice > sliceNs)
            {
                await context.Dispatcher.YieldAsync();
                slice = cpu.NowNs;
            }
        }

        return 0;
    }
}
