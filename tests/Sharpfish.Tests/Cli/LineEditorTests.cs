using Sharpfish.Cli.Terminal;
using Sharpfish.Services.Fish;
using Xunit;

namespace Sharpfish.Tests.Cli;

/// <summary>The fish prompt's line editor, fed keys as a terminal would send them.</summary>
public class LineEditorTests
{
    [Fact]
    public void Typing_and_enter_give_the_line()
    {
        var (editor, _) = Editor(new LineHistory(null), Text("ps"), Key(ConsoleKey.Enter));
        Assert.Equal("ps", editor.ReadLine());
    }

    [Fact]
    public void Cursor_moves_and_deletes_edit_in_the_middle()
    {
        // "spwn 1", four lefts and an a: "spawn 1"; Home and Delete: "pawn 1"; End, Backspace and a 2: "pawn 2".
        var (editor, _) = Editor(new LineHistory(null),
            Text("spwn 1"), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow),
            Char('a'), Key(ConsoleKey.Home), Key(ConsoleKey.Delete), Key(ConsoleKey.End), Key(ConsoleKey.Backspace), Char('2'), Key(ConsoleKey.Enter));
        Assert.Equal("pawn 2", editor.ReadLine());
    }

    [Fact]
    public void Control_keys_cut_words_and_ends_of_the_line()
    {
        var (editor, _) = Editor(new LineHistory(null),
            Text("spawn hello --core 3"), Ctrl(ConsoleKey.W), Ctrl(ConsoleKey.W), Text("--wait"), Ctrl(ConsoleKey.A), Ctrl(ConsoleKey.K), Text("ps"),
            Key(ConsoleKey.Enter), Text("kill 5"), Ctrl(ConsoleKey.U), Text("names"), Key(ConsoleKey.Enter));
        Assert.Equal("ps", editor.ReadLine());
        Assert.Equal("names", editor.ReadLine());
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_keep_the_line_being_typed()
    {
        var history = new LineHistory(null);
        history.Add("ps");
        history.Add("cores");
        history.Add("cores"); // the same line twice in a row is kept once
        var (editor, _) = Editor(history,
            Text("na"), Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.Enter),
            Text("na"), Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow), Text("mes"), Key(ConsoleKey.Enter));
        Assert.Equal("ps", editor.ReadLine());
        Assert.Equal("names", editor.ReadLine());
        Assert.Equal(4, history.Count);
        Assert.Equal("names", history[3]);
    }

    [Fact]
    public void Tab_completes_commands_and_the_programs_spawn_takes()
    {
        var (editor, echo) = Editor(new LineHistory(null),
            Text("na"), Key(ConsoleKey.Tab), Key(ConsoleKey.Enter),
            Text("spawn pi"), Key(ConsoleKey.Tab), Text("5"), Key(ConsoleKey.Enter),
            Text("s"), Key(ConsoleKey.Tab), Key(ConsoleKey.Tab), Text("leep 1"), Key(ConsoleKey.Enter));
        Assert.Equal("names ", editor.ReadLine());
        Assert.Equal("spawn pingpong 5", editor.ReadLine());
        Assert.Equal("sleep 1", editor.ReadLine());
        Assert.Contains("sleep  spawn", echo.ToString(), StringComparison.Ordinal); // the second Tab listed the choices
    }

    [Fact]
    public void Control_d_on_an_empty_line_ends_input()
    {
        var (editor, _) = Editor(new LineHistory(null), Ctrl(ConsoleKey.D));
        Assert.Null(editor.ReadLine());
    }

    [Fact]
    public void History_is_kept_in_a_file_across_sessions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sharpfish-history-{Guid.NewGuid():N}", "history");
        try
        {
            new LineHistory(path).Add("spawn hello");
            var again = new LineHistory(path);
            Assert.Equal(1, again.Count);
            Assert.Equal("spawn hello", again[0]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static (LineEditor Editor, StringWriter Echo) Editor(LineHistory history, params IEnumerable<ConsoleKeyInfo>[] keys)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys.SelectMany(k => k));
        var echo = new StringWriter();
        return (new LineEditor(queue.Dequeue, echo, history, FishShell.Completions, "fish> "), echo);
    }

    private static IEnumerable<ConsoleKeyInfo> Text(string text) => text.Select(c => Char(c).Single());

    private static IEnumerable<ConsoleKeyInfo> Char(char c) => [new(c, ConsoleKey.NoName, shift: false, alt: false, control: false)];

    private static IEnumerable<ConsoleKeyInfo> Key(ConsoleKey key) => [new('\0', key, shift: false, alt: false, control: false)];

    private static IEnumerable<ConsoleKeyInfo> Ctrl(ConsoleKey key) => [new('\0', key, shift: false, alt: false, control: true)];
}
