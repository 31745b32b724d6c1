using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Skb;
using Sharpfish.Skb;

namespace Sharpfish.Services.Programs;

/// <summary>
/// The skb domain's handler, one per client binding: read-only queries and policies for everyone, new facts only
/// from privileged domains (the monitors and the system's own services). A failing query answers with its error
/// code and message; the database and the service are untouched.
/// </summary>
internal sealed class SkbServer(DomainContext context, SkbDatabase skb, ClientId client) : ISkbHandler
{
    /// <summary>Programs whose domains may add facts (besides the monitors).</summary>
    public static IReadOnlySet<string> PrivilegedPrograms { get; } = new HashSet<string>(StringComparer.Ordinal) { "nameservice", "spawnd", "skb" };

    public ValueTask<QueryResponse> QueryAsync(string sql, string parameters)
    {
        var (err, count, rows) = Run(() => skb.Query(sql, Split(parameters)));
        return ValueTask.FromResult(new QueryResponse(err, count, rows));
    }

    public ValueTask<PolicyResponse> PolicyAsync(string name, string parameters)
    {
        var (err, count, rows) = Run(() => skb.Policy(name, Split(parameters)));
        return ValueTask.FromResult(new PolicyResponse(err, count, rows));
    }

    public async ValueTask<AddFactResponse> AddFactAsync(string table, string values)
    {
        if (!await IsPrivilegedAsync())
        {
            return new AddFactResponse(ErrorCode.SkbNotPrivileged, $"domain {client.Domain:x} may not add facts: only monitors and system services may");
        }

        try
        {
            skb.AddFact(table, Split(values));
            return new AddFactResponse(ErrorCode.Ok, "");
        }
        catch (SharpfishException e)
        {
            return new AddFactResponse(e.Code, e.Message);
        }
    }

    private static (ErrorCode Err, uint Count, string Rows) Run(Func<SkbResult> query)
    {
        try
        {
            var result = query();
            return (ErrorCode.Ok, (uint)result.Rows.Count, result.Encode());
        }
        catch (SharpfishException e)
        {
            return (e.Code, 0, e.Message);
        }
    }

    private async Task<bool> IsPrivilegedAsync()
    {
        if (client.Domain == Monitors.Monitor.DomainId)
        {
            return true;
        }

        var id = client.Domain.ToString("x", CultureInfo.InvariantCulture);
        var row = (await context.DomainsAsync()).Split('\n').Select(l => l.Split('\t')).FirstOrDefault(f => f.Length > 1 && f[0] == id);
        return row is not null && PrivilegedPrograms.Contains(row[1]);
    }

    private static string[] Split(string values) => values.Length == 0 ? [] : values.Split('\t');
}
