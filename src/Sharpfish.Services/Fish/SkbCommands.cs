using System.Globalization;
using System.Runtime.CompilerServices;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Skb;
using Sharpfish.Services.Programs;
using Sharpfish.Services.Views;
using Sharpfish.Skb;

namespace Sharpfish.Services.Fish;

/// <summary>
/// fish's <c>skb</c> command: asks the skb domain, over skb.if, like any other domain would. <c>skb query SQL</c>,
/// <c>skb policy NAME [:param=value ...]</c>, <c>skb facts</c>, <c>skb tree CORE</c>, <c>skb latency</c>.
/// </summary>
internal static class SkbCommands
{
    /// <summary>The command's entry in fish's list.</summary>
    public static FishCommand Command { get; } = new(
        "skb", "query SQL | policy NAME [:p=v ...] | facts | tree CORE | latency",
        "the System Knowledge Base: SQL over the machine's facts, its policies, multicast trees, the latency heat map", Run);

    /// <summary>Each shell's binding to skb, made on first use. Keyed by the shell, which lives on one core, so no
    /// entry is ever used by two cores; the table itself is thread-safe (other systems boot on other threads).</summary>
    private static readonly ConditionalWeakTable<FishShell, SkbBinding> Bindings = [];

    private static async Task Run(FishShell shell, string[] args)
    {
        var sub = args.Length > 0 ? args[0] : "";
        var skb = await BindAsync(shell);
        switch (sub)
        {
            case "query" when args.Length > 1:
                shell.Out.Write(SkbViews.Rows(await QueryAsync(skb, string.Join(' ', args[1..]))));
                break;
            case "policy" when args.Length > 1:
                shell.Out.Write(SkbViews.Rows(await PolicyAsync(skb, args[1], args[2..])));
                break;
            case "facts":
                var tables = await QueryAsync(skb, SkbViews.TablesQuery);
                shell.Out.Write(SkbViews.Facts(await QueryAsync(skb, SkbViews.SummaryQuery), tables, await QueryAsync(skb, SkbViews.CountQuery(tables))));
                break;
            case "tree" when args.Length == 2 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var core):
                if (core >= shell.Topology.CoreCount)
                {
                    throw new SharpfishException(ErrorCode.BadArgument, $"skb tree: core {core} does not exist (cores 0-{shell.Topology.CoreCount - 1})");
                }

                var route = await PolicyAsync(skb, SkbPolicies.MulticastRoute, [$":source={core}"]);
                shell.Out.Write(SkbViews.Route(core, SkbRoutes.Edges(route, shell.Topology.CoreCount, core)));
                break;
            case "latency":
                shell.Out.Write(SkbViews.HeatMap(SkbViews.Matrix(await QueryAsync(skb, SkbViews.LatencyQuery), shell.Topology.CoreCount)));
                break;
            default:
                throw new SharpfishException(ErrorCode.BadArgument, $"usage: skb {Command.Usage}");
        }
    }

    private static async Task<SkbBinding> BindAsync(FishShell shell)
    {
        if (!Bindings.TryGetValue(shell, out var binding))
        {
            var iref = await shell.Context.LookupAsync(SystemModules.SkbName, wait: true);
            binding = await shell.Context.BindAsync(iref, (tx, rx) => new SkbBinding(tx, rx, new SkbClient()));
            Bindings.AddOrUpdate(shell, binding);
        }

        return binding;
    }

    private static async Task<SkbResult> QueryAsync(SkbBinding skb, string sql)
    {
        var (err, _, rows) = await skb.QueryAsync(sql, "");
        return Check(err, rows, "query");
    }

    private static async Task<SkbResult> PolicyAsync(SkbBinding skb, string name, string[] parameters)
    {
        var (err, _, rows) = await skb.PolicyAsync(name, string.Join('\t', parameters));
        return Check(err, rows, $"policy {name}");
    }

    private static SkbResult Check(ErrorCode err, string rows, string what) =>
        err == ErrorCode.Ok ? SkbResult.Decode(rows) : throw new SharpfishException(err, $"skb {what}: {rows}");

    /// <summary>fish's end of the binding: it only calls.</summary>
    private sealed class SkbClient : ISkbHandler
    {
        public ValueTask<QueryResponse> QueryAsync(string sql, string parameters) => throw NotServed();

        public ValueTask<PolicyResponse> PolicyAsync(string name, string parameters) => throw NotServed();

        public ValueTask<AddFactResponse> AddFactAsync(string table, string values) => throw NotServed();

        private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "skb called fish");
    }
}
