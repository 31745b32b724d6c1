namespace Sharpfish.Idl.Text;

/// <summary>A range of characters in an IDL file. Lines and columns count from 1; a column counts characters
/// (UTF-16 code units), tabs as one.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Number of characters (0 for a point, such as the end of the file).</param>
/// <param name="Line">Line of the first character.</param>
/// <param name="Column">Column of the first character.</param>
/// <param name="EndLine">Line just after the last character.</param>
/// <param name="EndColumn">Column just after the last character.</param>
public readonly record struct SourceLocation(string File, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>"file(line,column)", the position format compilers and editors understand.</summary>
    public override string ToString() => $"{File}({Line},{Column})";
}
