using System.Text;
using Sharpfish.Errors;

namespace Sharpfish.Services.Fish;

/// <summary>
/// How fish reads a line: commands separated by ';', words separated by spaces, and text in single or double quotes
/// kept as one word (spaces and ';' included, the quotes dropped), as a POSIX shell does.
/// </summary>
public static class CommandLine
{
    /// <summary>The commands of <paramref name="line"/>, quotes kept, empty ones left out.</summary>
    /// <exception cref="SharpfishException">A quote is not closed (BadArgument).</exception>
    public static IReadOnlyList<string> Commands(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var commands = new List<string>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i <= line.Length; i++)
        {
            var c = i < line.Length ? line[i] : ';';
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ';')
            {
                var command = line[start..Math.Min(i, line.Length)].Trim();
                if (command.Length > 0)
                {
                    commands.Add(command);
                }

                start = i + 1;
            }
        }

        return quote is null ? commands : throw Unterminated(quote.Value, line);
    }

    /// <summary>The words of one command, quotes removed.</summary>
    /// <exception cref="SharpfishException">A quote is not closed (BadArgument).</exception>
    public static string[] Words(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw Unterminated(quote.Value, command);
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static SharpfishException Unterminated(char quote, string text) =>
        new(ErrorCode.BadArgument, $"unterminated {quote} quote in: {text}");
}
