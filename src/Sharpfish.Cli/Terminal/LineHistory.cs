namespace Sharpfish.Cli.Terminal;

/// <summary>The lines typed at the fish prompt, oldest first, kept across sessions in a file (the last
/// <see cref="Capacity"/>); a file that cannot be read or written only loses the history, never the session.</summary>
internal sealed class LineHistory
{
    public const int Capacity = 500;

    private readonly List<string> _lines = [];
    private readonly string? _path;

    public LineHistory(string? path)
    {
        _path = path;
        if (path is not null && File.Exists(path))
        {
            try
            {
                _lines.AddRange(File.ReadLines(path).Where(l => l.Length > 0).TakeLast(Capacity));
            }
            catch (IOException)
            {
                // unreadable history: start afresh
            }
        }
    }

    /// <summary>Where the history lives by default: the user's local data folder.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "sharpfish", "history");

    public int Count => _lines.Count;

    public string this[int index] => _lines[index];

    /// <summary>Remembers a line (not blank ones, nor the same line twice in a row).</summary>
    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (_lines.Count > 0 && _lines[^1] == line))
        {
            return;
        }

        _lines.Add(line);
        if (_lines.Count > Capacity)
        {
            _lines.RemoveAt(0);
        }

        if (_path is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                File.WriteAllLines(_path, _lines);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the session goes on without a saved history
            }
        }
    }
}
