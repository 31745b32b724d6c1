using Sharpfish.Errors;
using Sharpfish.Skb;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary>Queries are read-only, bounded, and fail with clear messages; the database is unchanged after them.</summary>
public class SkbQueryTests
{
    [Theory]
    [InlineData("SELEC * FROM cores", ErrorCode.SkbBadQuery, "syntax error")]
    [InlineData("SELECT * FROM no_such_table", ErrorCode.SkbBadQuery, "no such table")]
    [InlineData("", ErrorCode.SkbBadQuery, "empty")]
    [InlineData("SELECT 1; DROP TABLE cores", ErrorCode.SkbBadQuery, "one statement")]
    [InlineData("INSERT INTO facts VALUES ('a', 'b', 'c')", ErrorCode.SkbReadOnly, "INSERT is refused")]
    [InlineData("UPDATE cores SET node = 3", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("DELETE FROM cores", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("CREATE TABLE t(x)", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("DROP TABLE cores", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("  /* sneaky */ -- comment\n drop table cores", ErrorCode.SkbReadOnly, "DROP is refused")]
    [InlineData("ATTACH DATABASE '/tmp/skb-escape.db' AS escape", ErrorCode.SkbReadOnly, "ATTACH is refused")]
    [InlineData("DETACH DATABASE main", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("PRAGMA query_only = 0", ErrorCode.SkbReadOnly, "PRAGMA is refused")]
    [InlineData("PRAGMA table_info(cores)", ErrorCode.SkbReadOnly, "PRAGMA is refused")]
    [InlineData("BEGIN", ErrorCode.SkbReadOnly, "read-only")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM cores", ErrorCode.SkbReadOnly, "would change the database")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n", ErrorCode.SkbResultTooLarge, "LIMIT")]
    [InlineData("SELECT a.src, b.src FROM latency a, latency b", ErrorCode.SkbResultTooLarge, "rows")]
    [InlineData("SELECT group_concat(a.src || printf('%100d', b.dst)) FROM latency a, latency b", ErrorCode.SkbResultTooLarge, "characters")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n", ErrorCode.SkbQueryTooLong, "narrow")]
    public void Bad_queries_get_clear_errors_and_change_nothing(string sql, ErrorCode code, string message)
    {
        using var skb = SkbTestMachines.Open("amd-8x4");
        var error = Assert.Throws<SharpfishException>(() => skb.Query(sql));
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("32", skb.Query("SELECT COUNT(*) FROM cores").Rows[0][0]);
        Assert.Equal("1024", skb.Query("SELECT COUNT(*) FROM latency").Rows[0][0]);
        Assert.Equal("0", skb.Query("SELECT COUNT(*) FROM facts").Rows[0][0]);
        Assert.Equal("1", skb.Query("SELECT COUNT(*) FROM pragma_database_list").Rows[0][0]);
        Assert.Equal("1", skb.Query("SELECT query_only FROM pragma_query_only").Rows[0][0]); // SQLite refuses writes too
    }

    [Fact]
    public void Parameters_bind_in_order_or_by_name()
    {
        using var skb = SkbTestMachines.Open("amd-4x4");
        Assert.Equal([["4", "5", "6", "7"]], [.. skb.Query("SELECT group_concat(core) FROM (SELECT core FROM cores WHERE package = ?1 ORDER BY core)", ["1"]).Rows.Select(r => r[0]!.Split(','))]);
        Assert.Equal("2", skb.Query("SELECT node FROM cores WHERE core = :core", [":core=9"]).Rows[0][0]);
        Assert.Equal("it's", skb.Query("SELECT ?1 AS text", ["it's"]).Rows[0][0]);
        Assert.Equal(ErrorCode.SkbBadQuery, Assert.Throws<SharpfishException>(() => skb.Query("SELECT ?1", ["1", "2"])).Code);
    }

    [Fact]
    public void Results_round_trip_through_the_wire_text()
    {
        using var skb = SkbTestMachines.Open("amd-2x2");
        var result = skb.Query("SELECT 'a\tb' AS tab, 'line\nbreak\\' AS newline, NULL AS empty, 1.5 AS real");
        var decoded = SkbResult.Decode(result.Encode());
        Assert.Equal(result.Columns, decoded.Columns);
        Assert.Equal(result.Rows[0], decoded.Rows[0]);
        Assert.Null(decoded.Rows[0][2]);
    }

    [Fact]
    public void Facts_can_be_added_to_fact_tables_only()
    {
        using var skb = SkbTestMachines.Open("amd-2x2");
        skb.AddFact("facts", ["core 1", "runs", "netd"]);
        Assert.Equal("netd", skb.Query("SELECT value FROM facts WHERE subject = 'core 1'").Rows[0][0]);
        Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => skb.AddFact("meta", ["schema_version", "0"])).Code);
        var wrong = Assert.Throws<SharpfishException>(() => skb.AddFact("facts", ["only one value"]));
        Assert.Contains("values", wrong.Message, StringComparison.Ordinal);
        Assert.Equal("1", skb.Query("SELECT value FROM meta WHERE key = 'schema_version'").Rows[0][0]);
    }

    [Fact]
    public void The_facts_describe_the_machine()
    {
        using var skb = SkbTestMachines.Open("amd-8x4");
        Assert.Equal("8", skb.Query("SELECT COUNT(*) FROM packages").Rows[0][0]);
        Assert.Equal("8", skb.Query("SELECT COUNT(*) FROM nodes").Rows[0][0]);
        Assert.Equal("11", skb.Query("SELECT COUNT(*) FROM node_links").Rows[0][0]);
        Assert.Equal("4", skb.Query("SELECT COUNT(*) FROM machine_models").Rows[0][0]);
        Assert.Equal("3", skb.Query("SELECT level FROM shared_caches WHERE core_a = 0 AND core_b = 1").Rows[0][0]);
        Assert.Equal("538", skb.Query("SELECT cycles FROM model_latency WHERE model = 'amd-8x4' AND relation = 'SharedL3'").Rows[0][0]);
        Assert.Empty(skb.Query("SELECT * FROM shared_caches WHERE core_a = 0 AND core_b = 4").Rows);
    }
}
