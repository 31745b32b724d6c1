using Sharpfish.Domains;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Interfaces.Nameservice;
using Sharpfish.Interfaces.Skb;
using Sharpfish.Interfaces.Spawn;
using Sharpfish.Skb;

namespace Sharpfish.Services.Programs;

/// <summary>The system's own domains: the name service and the SKB (on the BSP) and spawnd (one per core).</summary>
public static class SystemModules
{
    /// <summary>The name spawnd registers for core <paramref name="core"/>.</summary>
    public static string SpawndName(int core) => $"spawnd.{core}";

    /// <summary>The name service: names to irefs.</summary>
    public static Module NameService { get; } = new("nameservice", "the name service: register, look up and wait for service names", async context =>
    {
        var server = new NameServer();
        await context.ExportAsync((tx, rx) => new NameserviceBinding(tx, rx, server));
        return await Forever();
    }, BootOnly: true);

    /// <summary>spawnd: starts, kills and waits for domains on its core; registers itself as spawnd.N.</summary>
    public static Module Spawnd { get; } = new("spawnd", "starts programs on its core (one per core)", async context =>
    {
        var server = new SpawnServer(context);
        var iref = await context.ExportAsync((tx, rx) => new SpawnBinding(tx, rx, server));
        await context.RegisterAsync(SpawndName(context.CoreId), iref);
        return await Forever();
    }, BootOnly: true);

    /// <summary>The name mem_serv registers for its dispatcher on core <paramref name="core"/>.</summary>
    public static string MemServName(int core) => $"mem_serv.{core}";

    /// <summary>mem_serv: spans every core and serves each core's physical memory from a dispatcher there.</summary>
    public static Module MemServ { get; } = new(
        "mem_serv",
        "physical memory as RAM capabilities, from each core's own pool (one dispatcher per core)",
        async context =>
        {
            // Its own core first: a second mem_serv is refused there before it spans anywhere.
            await ServeMemoryAsync(context, "");
            for (var core = 0; core < context.Cpu.Platform.Topology.CoreCount; core++)
            {
                if (core != context.CoreId)
                {
                    await context.SpanAsync(core);
                    await context.StartThreadAsync(core, "serve", "");
                }
            }

            return await Forever();
        },
        new Dictionary<string, Func<DomainContext, string, Task>> { ["serve"] = ServeMemoryAsync });

    private static async Task ServeMemoryAsync(DomainContext context, string argument)
    {
        var server = new MemServer(context);
        context.Ended += server.Stop;
        var iref = await context.ExportAsync((tx, rx) =>
        {
            var session = server.Open();
            session.Binding = new MemBinding(tx, rx, session);
            return session.Binding;
        });
        await context.RegisterAsync(MemServName(context.CoreId), iref);
    }

    /// <summary>The name the SKB registers.</summary>
    public const string SkbName = "skb";

    /// <summary>skb: the System Knowledge Base over <paramref name="skb"/> (built before boot), registered as "skb".</summary>
    public static Module Skb(SkbDatabase skb) => new(SkbName, "the System Knowledge Base: facts about the machine, SQL queries and policies", async context =>
    {
        var iref = await context.ExportAsync((client, tx, rx) => new SkbBinding(tx, rx, new SkbServer(context, skb, client)));
        await context.RegisterAsync(SkbName, iref);
        return await Forever();
    }, BootOnly: true);

    /// <summary>Services run until the system halts.</summary>
    private static Task<int> Forever() => new TaskCompletionSource<int>().Task;
}
