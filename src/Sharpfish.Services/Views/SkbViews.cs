using System.Globalization;
using Sharpfish.Errors;
using Sharpfish.Skb;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sharpfish.Services.Views;

/// <summary>
/// What <c>skb</c> shows, in fish and in <c>sharpfish skb</c> alike: a query's rows, the fact tables, a multicast
/// route as a tree, and the latency matrix as a heat map. Every view is drawn from query results, so it reads the
/// same whether the rows came over skb.if or straight from the database.
/// </summary>
public static class SkbViews
{
    /// <summary>Most cores the terminal heat map draws (a row each); larger machines: use --cores or the image.</summary>
    public const int MaxHeatMapCores = 64;

    /// <summary>The query that lists the fact tables and views.</summary>
    public const string TablesQuery = "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name <> 'meta' ORDER BY type, name";

    /// <summary>The query that gives every ordered pair's round trip.</summary>
    public const string LatencyQuery = "SELECT src, dst, round_trip_ns FROM latency ORDER BY src, dst";

    /// <summary>The machine and how its latencies were found.</summary>
    public const string SummaryQuery =
        "SELECT m.name, m.cpu_model, m.platform, m.cores, m.fingerprint, s.method, s.duration_ms, s.note FROM machine m, measurement s";

    /// <summary>Rows as a table, and how many there are (under it: a caption would be cut to a narrow table's width).</summary>
    public static IRenderable Rows(SkbResult result)
    {
        var table = new Table();
        foreach (var column in result.Columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in result.Rows)
        {
            table.AddRow([.. row.Select(v => v is null ? "[grey]NULL[/]" : Markup.Escape(v))]);
        }

        return new Spectre.Console.Rows(table, new Text($"{result.Rows.Count} row(s)"));
    }

    /// <summary>The query that counts the rows of <paramref name="tables"/> (the first column of
    /// <see cref="TablesQuery"/>'s result).</summary>
    public static string CountQuery(SkbResult tables) =>
        string.Join(" UNION ALL ", tables.Rows.Select(r => $"SELECT '{r[0]}' AS name, COUNT(*) AS rows FROM \"{r[0]}\""));

    /// <summary>The fact tables with their row counts, under a line about the machine and its measurement.</summary>
    public static IRenderable Facts(SkbResult summary, SkbResult tables, SkbResult counts)
    {
        var rowsOf = counts.Rows.ToDictionary(r => r[0] ?? "", r => r[1] ?? "?", StringComparer.Ordinal);
        var table = new Table().AddColumns("table", "kind", "rows");
        foreach (var row in tables.Rows)
        {
            table.AddRow(Markup.Escape(row[0] ?? ""), Markup.Escape(row[1] ?? ""), rowsOf.GetValueOrDefault(row[0] ?? "", "?"));
        }

        var s = summary.Rows.Count > 0 ? summary.Rows[0] : new string?[8];
        var header = $"{s[0]} ({s[1]}), {s[2]}, {s[3]} cores, fingerprint {s[4]}\nlatencies: {s[5]}, {s[6]} ms ({s[7]})";
        return new Rows(new Text(header), table);
    }

    /// <summary>The multicast route from <paramref name="source"/> (rows of the multicast_route policy) as a tree:
    /// each child under its parent, in send order, with the round trip.</summary>
    public static Tree Route(int source, IReadOnlyList<SkbRoutes.Edge> edges)
    {
        var tree = new Tree($"core {source} (source)");
        var byParent = edges.ToLookup(e => e.Parent);
        void Add(IHasTreeNodes node, int parent)
        {
            foreach (var edge in byParent[parent].OrderBy(e => e.Order))
            {
                var role = byParent[edge.Child].Any() ? $", aggregates {byParent[edge.Child].Count()}" : "";
                Add(node.AddNode(Markup.Escape($"{edge.Order}. core {edge.Child}: {FormatNs(edge.RoundTripNs)} round trip{role}")), edge.Child);
            }
        }

        Add(tree, source);
        return tree;
    }

    /// <summary>The latency matrix of <see cref="LatencyQuery"/>'s rows, <paramref name="cores"/> square.</summary>
    public static double[,] Matrix(SkbResult latency, int cores)
    {
        var matrix = new double[cores, cores];
        foreach (var row in latency.Rows)
        {
            matrix[Int(row[0]), Int(row[1])] = Real(row[2]);
        }

        return matrix;
    }

    /// <summary>The matrix as a heat map: up to <see cref="MaxNumberedCores"/> cores a table of round trips in ns,
    /// each coloured from green (fastest) to red; more cores a grid of shades (light: fast, dark: slow), two
    /// characters a cell, with its key.</summary>
    /// <exception cref="SharpfishException">More than <see cref="MaxHeatMapCores"/> cores.</exception>
    public static IRenderable HeatMap(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        if (n > MaxHeatMapCores)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"{n} cores are too many for a terminal heat map (at most {MaxHeatMapCores}); choose fewer with --cores, or write an image with --out");
        }

        var off = Enumerable.Range(0, n * n).Where(i => i / n != i % n).Select(i => matrix[i / n, i % n]).DefaultIfEmpty(0).ToArray();
        var (low, high) = (off.Min(), off.Max());
        double Heat(double value) => high > low ? (value - low) / (high - low) : 0;
        var caption = $"round trip between cores, ns ({Ns(low)}-{Ns(high)})";
        return n <= MaxNumberedCores ? Numbers(matrix, Heat, caption) : Shades(matrix, Heat, caption, low, high);
    }

    /// <summary>Most cores the heat map writes as numbers; beyond, as shades.</summary>
    public const int MaxNumberedCores = 12;

    private static Table Numbers(double[,] matrix, Func<double, double> heat, string caption)
    {
        var n = matrix.GetLength(0);
        var table = new Table().AddColumn("ns");
        for (var b = 0; b < n; b++)
        {
            table.AddColumn(new TableColumn(b.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        for (var a = 0; a < n; a++)
        {
            var cells = new List<string> { a.ToString(CultureInfo.InvariantCulture) };
            for (var b = 0; b < n; b++)
            {
                var h = heat(matrix[a, b]);
                var colour = a == b ? "grey" : h < 0.34 ? "green" : h < 0.67 ? "yellow" : "red";
                cells.Add($"[{colour}]{(a == b ? "-" : Ns(matrix[a, b]))}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        return table.Caption(caption);
    }

    private static Rows Shades(double[,] matrix, Func<double, double> heat, string caption, double low, double high)
    {
        const string shades = "░▒▓█";
        var n = matrix.GetLength(0);
        var lines = new List<IRenderable> { new Text(caption), new Text("     " + string.Concat(Enumerable.Range(0, n).Select(b => b % 5 == 0 ? b.ToString("00", CultureInfo.InvariantCulture) : "  "))) };
        for (var a = 0; a < n; a++)
        {
            var row = new System.Text.StringBuilder(a.ToString(CultureInfo.InvariantCulture).PadLeft(4)).Append(' ');
            for (var b = 0; b < n; b++)
            {
                var shade = a == b ? ' ' : shades[Math.Min(shades.Length - 1, (int)(heat(matrix[a, b]) * shades.Length))];
                row.Append(shade).Append(shade);
            }

            lines.Add(new Text(row.ToString()));
        }

        var step = (high - low) / shades.Length;
        lines.Add(new Text("key: " + string.Join("  ", shades.Select((c, i) => $"{c}{c} {Ns(low + (i * step))}-{Ns(low + ((i + 1) * step))}"))));
        return new Rows(lines);
    }

    private static string Ns(double ns) => ns.ToString("0", CultureInfo.InvariantCulture);

    private static string FormatNs(double ns) => ns.ToString(ns < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ns";

    private static int Int(string? value) => int.Parse(value ?? "0", CultureInfo.InvariantCulture);

    private static double Real(string? value) => double.Parse(value ?? "0", CultureInfo.InvariantCulture);
}
