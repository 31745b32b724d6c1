namespace Sharpfish.Skb;

/// <summary>The SKB's tables (what <c>skb facts</c> lists) and the views derived from them.</summary>
internal static class SkbSchema
{
    /// <summary>Bumped whenever a table changes.</summary>
    public const int Version = 1;

    public const string Sql = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE machine(name TEXT, cpu_model TEXT, clock_ghz REAL, platform TEXT, model TEXT, fingerprint TEXT, cores INTEGER);
        CREATE TABLE cores(core INTEGER PRIMARY KEY, os_cpu INTEGER, package INTEGER, die INTEGER, phys_core INTEGER, node INTEGER);
        CREATE TABLE caches(cache INTEGER PRIMARY KEY, level INTEGER, kind TEXT, size_bytes INTEGER);
        CREATE TABLE cache_cores(cache INTEGER, core INTEGER, PRIMARY KEY(cache, core)) WITHOUT ROWID;
        CREATE TABLE nodes(node INTEGER PRIMARY KEY, memory_bytes INTEGER);
        CREATE TABLE node_distances(from_node INTEGER, to_node INTEGER, distance INTEGER, hops INTEGER, PRIMARY KEY(from_node, to_node)) WITHOUT ROWID;
        CREATE TABLE node_links(from_node INTEGER, to_node INTEGER);
        CREATE TABLE memory_regions(region INTEGER PRIMARY KEY, node INTEGER, bytes INTEGER);
        CREATE TABLE cpu_features(feature TEXT PRIMARY KEY);
        CREATE TABLE machine_models(name TEXT PRIMARY KEY, description TEXT, cpu_model TEXT, clock_ghz REAL, cores INTEGER, packages INTEGER, nodes INTEGER);
        CREATE TABLE model_latency(model TEXT, relation TEXT, cycles INTEGER, PRIMARY KEY(model, relation)) WITHOUT ROWID;
        CREATE TABLE latency(src INTEGER, dst INTEGER, round_trip_ns REAL, PRIMARY KEY(src, dst)) WITHOUT ROWID;
        CREATE TABLE measurement(method TEXT, duration_ms REAL, note TEXT);
        CREATE TABLE facts(subject TEXT, predicate TEXT, value TEXT);
        CREATE VIEW packages AS
            SELECT package, COUNT(*) AS cores, MIN(core) AS first_core, MIN(node) AS node FROM cores GROUP BY package;
        CREATE VIEW shared_caches AS
            SELECT a.core AS core_a, b.core AS core_b, MIN(c.level) AS level
            FROM cache_cores a JOIN cache_cores b ON a.cache = b.cache AND a.core <> b.core
            JOIN caches c ON c.cache = a.cache AND c.kind <> 'Instruction'
            GROUP BY a.core, b.core;
        """;

    /// <summary>Tables a privileged domain may add rows to.</summary>
    public static IReadOnlySet<string> Writable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "cores", "caches", "cache_cores", "nodes", "node_distances", "node_links", "memory_regions", "cpu_features", "latency", "facts",
    };
}
