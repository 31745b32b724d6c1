using System.Text;

namespace Sharpfish.Cli.Terminal;

/// <summary>
/// Line editing for the fish prompt on a terminal: the console's input device reads keys, not lines. Left and
/// right (Ctrl-B, Ctrl-F), Home and End (Ctrl-A, Ctrl-E), Backspace and Delete, Ctrl-U and Ctrl-K (delete to the
/// start, to the end), Ctrl-W (the word before), Up and Down (Ctrl-P, Ctrl-N) through the history, Tab completes
/// the word at the cursor (twice lists the choices), Enter gives the line, Ctrl-D on an empty line ends input.
/// The line is redrawn in place with ANSI cursor moves, so the editor need not know what the prompt looked like.
/// </summary>
internal sealed class LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter echo, LineHistory history, Func<string, IEnumerable<string>> complete, string prompt)
{
    private readonly StringBuilder _line = new();
    private int _cursor;
    private bool _drawnAfresh; // the choices of a completion were listed and the line drawn again below them

    /// <summary>Reads one edited line; null at end of input.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        _cursor = 0;
        var browsing = history.Count; // history index shown; Count is the line being typed
        var typed = "";
        var tabs = 0;
        while (true)
        {
            var key = readKey();
            var before = _cursor;
            tabs = key.Key == ConsoleKey.Tab ? tabs + 1 : 0;
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    echo.WriteLine();
                    var line = _line.ToString();
                    history.Add(line);
                    return line;
                case ConsoleKey.D when control:
                    if (_line.Length == 0)
                    {
                        echo.WriteLine();
                        return null;
                    }

                    Remove(_cursor, 1);
                    break;
                case ConsoleKey.Backspace:
                    Remove(_cursor - 1, 1);
                    break;
                case ConsoleKey.Delete:
                    Remove(_cursor, 1);
                    break;
                case ConsoleKey.LeftArrow:
                case ConsoleKey.B when control:
                    _cursor = Math.Max(0, _cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                case ConsoleKey.F when control:
                    _cursor = Math.Min(_line.Length, _cursor + 1);
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    _cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    _cursor = _line.Length;
                    break;
                case ConsoleKey.U when control:
                    Remove(0, _cursor);
                    break;
                case ConsoleKey.K when control:
                    Remove(_cursor, _line.Length - _cursor);
                    break;
                case ConsoleKey.W when control:
                    var start = _cursor;
                    while (start > 0 && _line[start - 1] == ' ')
                    {
                        start--;
                    }

                    while (start > 0 && _line[start - 1] != ' ')
                    {
                        start--;
                    }

                    Remove(start, _cursor - start);
                    break;
                case ConsoleKey.UpArrow:
                case ConsoleKey.P when control:
                case ConsoleKey.DownArrow:
                case ConsoleKey.N when control:
                    var older = key.Key is ConsoleKey.UpArrow or ConsoleKey.P;
                    var next = Math.Clamp(browsing + (older ? -1 : 1), 0, history.Count);
                    if (next != browsing)
                    {
                        if (browsing == history.Count)
                        {
                            typed = _line.ToString();
                        }

                        browsing = next;
                        Replace(browsing == history.Count ? typed : history[browsing]);
                    }

                    break;
                case ConsoleKey.Tab:
                    Complete(listChoices: tabs > 1);
                    break;
                default:
                    if (!char.IsControl(key.KeyChar) && !control)
                    {
                        _line.Insert(_cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(before);
        }
    }

    private void Remove(int start, int count)
    {
        if (start < 0 || count <= 0 || start + count > _line.Length)
        {
            return;
        }

        _line.Remove(start, count);
        _cursor = start;
    }

    private void Replace(string text)
    {
        _line.Clear().Append(text);
        _cursor = text.Length;
    }

    /// <summary>Completes the word before the cursor to the longest prefix every choice shares.</summary>
    private void Complete(bool listChoices)
    {
        var head = _line.ToString(0, _cursor);
        var wordStart = head.LastIndexOf(' ') + 1;
        var word = head[wordStart..];
        var choices = complete(head).Where(c => c.StartsWith(word, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (choices.Length == 0)
        {
            return;
        }

        var common = choices.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]);
        var insert = common[word.Length..] + (choices.Length == 1 ? " " : "");
        _line.Insert(_cursor, insert);
        _cursor += insert.Length;
        if (choices.Length > 1 && listChoices)
        {
            echo.Write($"\r\n{string.Join("  ", choices)}\r\n{prompt}{_line}");
            var back = _line.Length - _cursor;
            echo.Write(back > 0 ? $"\u001b[{back}D" : "");
            _drawnAfresh = true;
        }
    }

    /// <summary>Rewrites the line from its start: back from where the cursor was, the text, clear the rest, and
    /// back to the cursor.</summary>
    private void Redraw(int cursorBefore)
    {
        if (_drawnAfresh)
        {
            _drawnAfresh = false;
            return;
        }

        var text = new StringBuilder();
        if (cursorBefore > 0)
        {
            text.Append($"\u001b[{cursorBefore}D");
        }

        text.Append(_line).Append("\u001b[K");
        var back = _line.Length - _cursor;
        if (back > 0)
        {
            text.Append($"\u001b[{back}D");
        }

        echo.Write(text.ToString());
        echo.Flush();
    }
}
