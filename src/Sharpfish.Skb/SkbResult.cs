using System.Text;

namespace Sharpfish.Skb;

/// <summary>The rows a query returned: column names, then each row's values as text (null for SQL NULL).</summary>
/// <param name="Columns">Column names, in order.</param>
/// <param name="Rows">The rows; every row has one value per column.</param>
public sealed record SkbResult(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows)
{
    /// <summary>How NULL is written in <see cref="Encode"/>.</summary>
    public const string NullText = "\\N";

    /// <summary>The text skb.if carries: a line of column names, then a line per row, values separated by tabs
    /// (a tab, newline or backslash in a value is written \t, \n, \\; NULL is \N).</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        AppendLine(text, Columns);
        foreach (var row in Rows)
        {
            AppendLine(text, row);
        }

        return text.ToString();
    }

    /// <summary>The result <see cref="Encode"/> wrote.</summary>
    public static SkbResult Decode(string text)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0)
        {
            return new SkbResult([], []);
        }

        var columns = lines[0].Split('\t').Select(v => Unescape(v) ?? "").ToArray();
        var rows = new List<string?[]>(count - 1);
        for (var i = 1; i < count; i++)
        {
            rows.Add([.. lines[i].Split('\t').Select(Unescape)]);
        }

        return new SkbResult(columns, rows);
    }

    /// <summary>Characters <paramref name="value"/> takes in <see cref="Encode"/>'s text.</summary>
    internal static int EncodedLength(string? value)
    {
        if (value is null)
        {
            return NullText.Length;
        }

        var length = value.Length;
        foreach (var c in value)
        {
            if (c is '\t' or '\n' or '\\')
            {
                length++;
            }
        }

        return length;
    }

    private static void AppendLine(StringBuilder text, IEnumerable<string?> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                text.Append('\t');
            }

            first = false;
            if (value is null)
            {
                text.Append(NullText);
                continue;
            }

            foreach (var c in value)
            {
                text.Append(c switch { '\t' => "\\t", '\n' => "\\n", '\\' => "\\\\", _ => c.ToString() });
            }
        }

        text.Append('\n');
    }

    private static string? Unescape(string value)
    {
        if (value == NullText)
        {
            return null;
        }

        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 't' => '\t', 'n' => '\n', _ => value[i] });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
