namespace Sharpfish.Cli.Terminal;

/// <summary>The terminal as the console's input: each line read with the <see cref="LineEditor"/>.</summary>
internal sealed class TerminalReader(LineEditor editor) : TextReader
{
    public override string? ReadLine() => editor.ReadLine();
}
