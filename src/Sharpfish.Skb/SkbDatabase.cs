using System.Globalization;
using Microsoft.Data.Sqlite;
using Sharpfish.Errors;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Topology;
using SQLitePCL;

namespace Sharpfish.Skb;

/// <summary>
/// The SKB's database: the facts in an in-memory SQLite database, written through one connection, and queried
/// through a second one that SQLite holds to reading (query_only). A query is one SELECT (or WITH, VALUES) statement that SQLite confirms
/// is read-only; anything else (writes, ATTACH, pragmas, transactions) is refused before it runs. Results are
/// bounded in rows, in size and in the work a query may do; every failure is an error with SQLite's message, and
/// the database stays as it was.
/// </summary>
public sealed class SkbDatabase : IDisposable
{
    /// <summary>Most rows one result may hold.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Most characters one result may take as text (skb.if's bound on rows, less room for framing).</summary>
    public const int MaxResultChars = 1_000_000;

    /// <summary>Most SQLite virtual-machine instructions one query may run, in thousands (a runaway query, such as
    /// an unbounded recursive CTE that counts, is stopped instead of hanging the service).</summary>
    public const int MaxKiloInstructions = 200_000;

    private static readonly string[] Allowed = ["SELECT", "WITH", "VALUES"];

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private int _budget;

    static SkbDatabase() => Batteries_V2.Init();

    private SkbDatabase(SkbFacts facts, SkbPolicies policies)
    {
        Facts = facts;
        Policies = policies;
        var name = $"file:skb-{Guid.NewGuid():N}?mode=memory&cache=shared";
        _writer = new SqliteConnection($"Data Source={name}");
        _writer.Open();
        Load(facts);
        // The query connection refuses every write itself (query_only; pragmas are refused in queries, so nothing
        // turns it off again): a second line of defence behind the statement checks. An in-memory database shared
        // between connections cannot be opened read-only, so SQLite's open mode cannot do this.
        _reader = new SqliteConnection($"Data Source={name}");
        _reader.Open();
        using (var readOnly = _reader.CreateCommand())
        {
            readOnly.CommandText = "PRAGMA query_only = ON";
            readOnly.ExecuteNonQuery();
        }

        raw.sqlite3_progress_handler(_reader.Handle, 1000, _ => --_budget < 0 ? 1 : 0, null);
    }

    /// <summary>The facts the database was built from.</summary>
    public SkbFacts Facts { get; }

    /// <summary>Where the policies come from.</summary>
    public SkbPolicies Policies { get; }

    /// <summary>Builds the database from <paramref name="facts"/>.</summary>
    public static SkbDatabase Create(SkbFacts facts, SkbOptions options) => new(facts, new SkbPolicies(options.Policies));

    /// <summary>Runs a read-only query. <paramref name="parameters"/> bind in order to ?1, ?2…, or by name when
    /// written <c>:name=value</c>; a value that reads as an integer or a real is bound as one, else as text.</summary>
    /// <exception cref="SharpfishException">SkbBadQuery (SQLite's message), SkbReadOnly, SkbResultTooLarge or
    /// SkbQueryTooLong.</exception>
    public SkbResult Query(string sql, IReadOnlyList<string>? parameters = null)
    {
        var keyword = FirstKeyword(sql);
        if (keyword.Length > 0 && !Allowed.Contains(keyword) && IsStatementKeyword(keyword))
        {
            throw new SharpfishException(ErrorCode.SkbReadOnly, $"{keyword} is refused: SKB queries are read-only (one SELECT, WITH or VALUES statement)");
        }

        var db = _reader.Handle!;
        using var statement = Prepare(db, sql);
        if (!Allowed.Contains(keyword) || raw.sqlite3_stmt_readonly(statement) == 0)
        {
            throw new SharpfishException(ErrorCode.SkbReadOnly, $"'{Abbreviate(sql)}' would change the database: SKB queries are read-only (one SELECT, WITH or VALUES statement)");
        }

        Bind(statement, parameters ?? []);
        return Read(db, statement);
    }

    /// <summary>Runs policy <paramref name="name"/> with named parameters.</summary>
    /// <exception cref="SharpfishException">No such policy, or it failed (the query's error, naming the policy).</exception>
    public SkbResult Policy(string name, params (string Name, long Value)[] parameters) =>
        Policy(name, [.. parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $":{p.Name}={p.Value}"))]);

    /// <summary>Runs policy <paramref name="name"/> with parameters as a user writes them (<c>:name=value</c>).</summary>
    /// <exception cref="SharpfishException">No such policy, or it failed (the query's error, naming the policy).</exception>
    public SkbResult Policy(string name, IReadOnlyList<string> parameters)
    {
        var (sql, origin) = Policies.Load(name);
        try
        {
            return Query(sql, parameters);
        }
        catch (SharpfishException e)
        {
            throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy '{name}' ({origin}) failed: {e.Message}", e);
        }
    }

    /// <summary>Adds a row to one of the fact tables (for privileged domains: the caller checks).</summary>
    /// <exception cref="SharpfishException">The table is not one of the fact tables, or SQLite refused the row.</exception>
    public void AddFact(string table, IReadOnlyList<string> values)
    {
        if (!SkbSchema.Writable.Contains(table))
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"facts go into {string.Join(", ", SkbSchema.Writable.Order(StringComparer.Ordinal))}, not '{table}'");
        }

        var db = _writer.Handle!;
        var placeholders = string.Join(", ", values.Select((_, i) => $"?{i + 1}"));
        using var statement = Prepare(db, $"INSERT INTO {table} VALUES ({placeholders})");
        Bind(statement, values);
        if (raw.sqlite3_step(statement) != raw.SQLITE_DONE)
        {
            throw new SharpfishException(ErrorCode.SkbBadQuery, $"could not add the fact to {table}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out var statement, out string tail) != raw.SQLITE_OK)
        {
            var message = raw.sqlite3_errmsg(db).utf8_to_string();
            statement?.Dispose();
            throw new SharpfishException(ErrorCode.SkbBadQuery, $"SQLite: {message}");
        }

        if (statement is null || statement.IsInvalid)
        {
            statement?.Dispose();
            throw new SharpfishException(ErrorCode.SkbBadQuery, "the query is empty");
        }

        if (tail is not null && SkipBlank(tail, 0, semicolons: true) < tail.Length)
        {
            statement.Dispose();
            throw new SharpfishException(ErrorCode.SkbBadQuery, "one statement per query, please (text follows the first statement)");
        }

        return statement;
    }

    private static void Bind(sqlite3_stmt statement, IReadOnlyList<string> parameters)
    {
        var expected = raw.sqlite3_bind_parameter_count(statement);
        var position = 0;
        foreach (var parameter in parameters)
        {
            var index = ++position;
            var value = parameter;
            if (parameter.Length > 1 && parameter[0] is ':' or '@' or '$' && parameter.IndexOf('=', StringComparison.Ordinal) is var equals and > 1)
            {
                index = raw.sqlite3_bind_parameter_index(statement, parameter[..equals]);
                value = parameter[(equals + 1)..];
                if (index == 0)
                {
                    continue; // a policy may not use every parameter it is given
                }
            }
            else if (index > expected)
            {
                throw new SharpfishException(ErrorCode.SkbBadQuery, $"the query takes {expected} parameter(s), not {parameters.Count}");
            }

            _ = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? raw.sqlite3_bind_int64(statement, index, integer)
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                    ? raw.sqlite3_bind_double(statement, index, real)
                    : raw.sqlite3_bind_text(statement, index, value);
        }
    }

    private SkbResult Read(sqlite3 db, sqlite3_stmt statement)
    {
        var count = raw.sqlite3_column_count(statement);
        var columns = Enumerable.Range(0, count).Select(i => raw.sqlite3_column_name(statement, i).utf8_to_string() ?? "").ToArray();
        var rows = new List<string?[]>();
        var chars = columns.Sum(c => c.Length + 1);
        _budget = MaxKiloInstructions;
        while (true)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                return new SkbResult(columns, rows);
            }

            if (rc == raw.SQLITE_INTERRUPT)
            {
                throw new SharpfishException(ErrorCode.SkbQueryTooLong, $"the query was stopped after {MaxKiloInstructions / 1000} million SQLite instructions; narrow it");
            }

            if (rc != raw.SQLITE_ROW)
            {
                throw new SharpfishException(ErrorCode.SkbBadQuery, $"SQLite: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }

            var row = new string?[count];
            for (var i = 0; i < count; i++)
            {
                row[i] = raw.sqlite3_column_type(statement, i) switch
                {
                    raw.SQLITE_NULL => null,
                    raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i).ToString(CultureInfo.InvariantCulture),
                    raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, i).ToString(CultureInfo.InvariantCulture),
                    _ => raw.sqlite3_column_text(statement, i).utf8_to_string(),
                };
                chars += SkbResult.EncodedLength(row[i]) + 1;
            }

            rows.Add(row);
            if (rows.Count > MaxRows || chars > MaxResultChars)
            {
                throw new SharpfishException(ErrorCode.SkbResultTooLarge,
                    $"the result has more than {(rows.Count > MaxRows ? $"{MaxRows} rows" : $"{MaxResultChars} characters")}; narrow the query or add a LIMIT");
            }
        }
    }

    /// <summary>The first word of <paramref name="sql"/>, upper case, after blanks and comments ("" if none).</summary>
    private static string FirstKeyword(string sql)
    {
        var start = SkipBlank(sql, 0, semicolons: false);
        var i = start;
        while (i < sql.Length && char.IsAsciiLetter(sql[i]))
        {
            i++;
        }

        return sql[start..i].ToUpperInvariant();
    }

    /// <summary>The index of the first character at or after <paramref name="i"/> that is not white space, a
    /// comment, or (when <paramref name="semicolons"/>) a semicolon.</summary>
    private static int SkipBlank(string sql, int i, bool semicolons)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]) || (semicolons && sql[i] == ';'))
            {
                i++;
            }
            else if (string.CompareOrdinal(sql, i, "--", 0, 2) == 0)
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (string.CompareOrdinal(sql, i, "/*", 0, 2) == 0)
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool IsStatementKeyword(string keyword) => keyword is "INSERT" or "UPDATE" or "DELETE" or "REPLACE" or "CREATE" or "DROP"
        or "ALTER" or "ATTACH" or "DETACH" or "PRAGMA" or "VACUUM" or "REINDEX" or "ANALYZE" or "BEGIN" or "COMMIT" or "END"
        or "ROLLBACK" or "SAVEPOINT" or "RELEASE" or "EXPLAIN";

    private static string Abbreviate(string sql)
    {
        var line = sql.ReplaceLineEndings(" ").Trim();
        return line.Length <= 60 ? line : $"{line[..57]}...";
    }

    private void Load(SkbFacts facts)
    {
        var t = facts.Topology;
        using var transaction = _writer.BeginTransaction();
        Execute(SkbSchema.Sql);
        Insert("meta", ["schema_version", SkbSchema.Version]);
        Insert("machine", [t.Name, t.CpuModel, t.ClockGHz, facts.PlatformKind, facts.ModelName, facts.Fingerprint, t.CoreCount]);
        Insert("measurement", [facts.Measurement.Method, facts.Measurement.DurationNs / 1e6, facts.Measurement.Note]);
        InsertAll("cores", t.Cores.Select(c => new object?[] { c.Id, c.OsCpu < 0 ? null : c.OsCpu, c.Package, c.Die, c.PhysicalCore, c.Node }));
        InsertAll("caches", t.Caches.Select((c, i) => new object?[] { i, c.Level, c.Kind.ToString(), c.SizeBytes }));
        InsertAll("cache_cores", t.Caches.SelectMany((c, i) => c.Cores.Select(core => new object?[] { i, core })));
        InsertAll("nodes", t.Nodes.Select(n => new object?[] { n.Id, n.MemoryBytes }));
        InsertAll("memory_regions", t.Nodes.Select(n => new object?[] { n.Id, n.Id, n.MemoryBytes }));
        InsertAll("node_distances", t.Nodes.SelectMany(a => t.Nodes.Select(b => new object?[]
            { a.Id, b.Id, t.NodeDistances[a.Id][b.Id], a.Cores.Count > 0 && b.Cores.Count > 0 ? t.Hops(a.Cores[0], b.Cores[0]) : null })));
        InsertAll("node_links", t.NodeLinks.Select(l => new object?[] { l.From, l.To }));
        InsertAll("cpu_features", facts.CpuFeatures.Select(f => new object?[] { f }));
        InsertAll("machine_models", MachineModels.Paper.Select(m => new object?[]
            { m.Name, m.Description, m.Topology.CpuModel, m.Topology.ClockGHz, m.Topology.CoreCount, m.Topology.Packages.Count, m.Topology.Nodes.Count }));
        InsertAll("model_latency", MachineModels.Paper.SelectMany(m => ModelLatencies(m.Latency).Select(l => new object?[] { m.Name, l.Relation, l.Cycles })));
        InsertLatency(facts.Latency);
        transaction.Commit();
    }

    private static IEnumerable<(string Relation, long Cycles)> ModelLatencies(LatencyModel m) =>
    [
        (nameof(CorePairRelation.SmtSibling), m.SmtSibling), (nameof(CorePairRelation.SharedL2), m.SharedL2),
        (nameof(CorePairRelation.SharedL3), m.SharedL3), (nameof(CorePairRelation.SameNode), m.SameNode),
        ("OneHop", m.OneHop), ("PerExtraHop", m.PerExtraHop), ("LineOccupancy", m.LineOccupancy), ("WakeUp", m.WakeUp),
    ];

    private void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Insert(string table, object?[] row) => InsertAll(table, [row]);

    /// <summary>Inserts rows through one prepared statement (the latency table of a 1024-core machine has a million).</summary>
    private void InsertAll(string table, IEnumerable<object?[]> rows)
    {
        var db = _writer.Handle!;
        sqlite3_stmt? statement = null;
        try
        {
            foreach (var row in rows)
            {
                statement ??= Prepare(db, $"INSERT INTO {table} VALUES ({string.Join(", ", row.Select((_, i) => $"?{i + 1}"))})");
                for (var i = 0; i < row.Length; i++)
                {
                    _ = row[i] switch
                    {
                        null => raw.sqlite3_bind_null(statement, i + 1),
                        int value => raw.sqlite3_bind_int64(statement, i + 1, value),
                        long value => raw.sqlite3_bind_int64(statement, i + 1, value),
                        double value => raw.sqlite3_bind_double(statement, i + 1, value),
                        var value => raw.sqlite3_bind_text(statement, i + 1, Convert.ToString(value, CultureInfo.InvariantCulture)),
                    };
                }

                Step(db, statement, table);
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    private void InsertLatency(LatencyMatrix latency)
    {
        var db = _writer.Handle!;
        using var statement = Prepare(db, "INSERT INTO latency VALUES (?1, ?2, ?3)");
        var n = latency.Count;
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                _ = raw.sqlite3_bind_int64(statement, 1, a);
                _ = raw.sqlite3_bind_int64(statement, 2, b);
                _ = raw.sqlite3_bind_double(statement, 3, latency.RoundTripNs(a, b));
                Step(db, statement, "latency");
            }
        }
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement, string table)
    {
        if (raw.sqlite3_step(statement) != raw.SQLITE_DONE)
        {
            throw new SharpfishException(ErrorCode.SkbBadQuery, $"could not load {table}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        _ = raw.sqlite3_reset(statement);
    }
}
