using System.Text;
using Sharpfish.Platform;

namespace Sharpfish.Services.Boot;

/// <summary>A text writer onto the platform console that hands over whole lines, so output of different cores
/// never interleaves within a line. Owned by one domain.</summary>
internal sealed class ConsoleWriter(PlatformConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            Flush();
        }
    }

    public override void Write(string? value)
    {
        _line.Append(value);
        if (value?.Contains('\n', StringComparison.Ordinal) == true)
        {
            Flush();
        }
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            console.Write(_line.ToString());
            _line.Clear();
        }
    }
}
