namespace Sharpfish.Idl.Text;

/// <summary>One input to the IDL compiler: a file's path (as diagnostics should name it) and its text.</summary>
/// <param name="Path">The path diagnostics name; need not exist on disk.</param>
/// <param name="Text">The file's contents.</param>
public sealed record IdlSource(string Path, string Text)
{
    /// <summary>The file name without folders, e.g. <c>types.if</c>.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
