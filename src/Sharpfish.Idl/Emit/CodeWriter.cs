using System.Text;

namespace Sharpfish.Idl.Emit;

/// <summary>Builds C# text line by line with four-space indentation and LF line ends, whatever the host.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', 4 * _indent).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, then an indented block in braces; <paramref name="close"/> ends
    /// it (<c>};</c> for a switch expression).</summary>
    public void Block(string header, Action body, string close = "}")
    {
        Line(header).Line("{");
        _indent++;
        body();
        _indent--;
        Line(close);
    }

    /// <summary>A one-line XML doc summary.</summary>
    public CodeWriter Summary(string text) => Line($"/// <summary>{text}</summary>");

    public override string ToString() => _text.ToString();

    /// <summary>Escapes text from an interface file for an XML doc comment.</summary>
    public static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");
}
