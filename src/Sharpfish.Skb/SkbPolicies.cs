using Sharpfish.Errors;

namespace Sharpfish.Skb;

/// <summary>
/// The SKB's policies: SQL queries over the facts, one file each (<c>src/Sharpfish.Skb/Policies/NAME.sql</c>, built
/// into the binary). A directory given by <c>--skb-policies DIR</c> or the environment variable
/// <c>SHARPFISH_SKB_POLICIES</c> overrides them: a <c>NAME.sql</c> there replaces the built-in policy of that name,
/// so a policy can be changed without recompiling (the built-in ones are the starting point: <c>skb policy</c> shows
/// them).
/// </summary>
public sealed class SkbPolicies(string? directory)
{
    /// <summary>The multicast route from a source core (parameter <c>:source</c>).</summary>
    public const string MulticastRoute = "multicast_route";

    /// <summary>The policy that picks a domain's TLB-shootdown protocol (parameters :cores and :packages).</summary>
    public const string ShootdownProtocol = "shootdown_protocol";

    /// <summary>The NUMA node a channel's ring lives on (<c>:sender</c>, <c>:receiver</c>).</summary>
    public const string RingNode = "ring_node";

    /// <summary>The transport between two cores (<c>:from</c>, <c>:to</c>).</summary>
    public const string TransportPolicy = "transport";

    /// <summary>A core near a NUMA node, to place a service on (<c>:node</c>).</summary>
    public const string PlaceNear = "place_near";

    private const string ResourcePrefix = "Sharpfish.Skb.Policies.";

    /// <summary>The override directory, if any.</summary>
    public string? Directory { get; } = directory;

    /// <summary>The built-in policies' names.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
    [
        .. typeof(SkbPolicies).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^4])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The SQL of policy <paramref name="name"/>, and where it came from (a file, or "built-in").</summary>
    /// <exception cref="SharpfishException">There is no such policy (SkbBadPolicy).</exception>
    public (string Sql, string Origin) Load(string name)
    {
        if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
        {
            throw new SharpfishException(ErrorCode.SkbBadPolicy, $"'{name}' is not a policy name (letters, digits and _)");
        }

        if (Directory is not null && Path.Combine(Directory, $"{name}.sql") is var file && File.Exists(file))
        {
            return (File.ReadAllText(file), file);
        }

        using var stream = typeof(SkbPolicies).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.sql")
            ?? throw new SharpfishException(ErrorCode.SkbBadPolicy, $"no policy is called '{name}'; there are {string.Join(", ", BuiltIn)}");
        using var reader = new StreamReader(stream);
        return (reader.ReadToEnd(), "built-in");
    }
}
