namespace Sharpfish.Idl.Text;

/// <summary>Turns character offsets of one file into line/column locations (a binary search over line starts).</summary>
internal sealed class LineMap
{
    private readonly string _path;
    private readonly int _textLength;
    private readonly List<int> _lineStarts = [0];

    public LineMap(IdlSource source)
    {
        _path = source.Path;
        _textLength = source.Text.Length;
        for (var i = 0; i < source.Text.Length; i++)
        {
            if (source.Text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The location of <paramref name="length"/> characters from <paramref name="start"/>, clamped to the file.</summary>
    public SourceLocation Locate(int start, int length)
    {
        start = Math.Min(Math.Max(start, 0), _textLength);
        length = Math.Min(Math.Max(length, 0), _textLength - start);
        var (line, column) = LineColumn(start);
        var (endLine, endColumn) = LineColumn(start + length);
        return new SourceLocation(_path, start, length, line, column, endLine, endColumn);
    }

    private (int Line, int Column) LineColumn(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }
}
