using System.Collections.Concurrent;
using System.Threading;

namespace Sharpfish.Platform;

/// <summary>
/// The console device: a serial line out, and lines in. Input comes from a terminal (a device thread, hosted) or
/// from the simulator when the machine is idle; the shell on core 0 takes it with <see cref="TryReadLine"/>.
/// As a device it may be used from any core; its FIFO is the device's own buffer.
/// </summary>
public sealed class PlatformConsole(TextWriter output, TextReader? input)
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _writeLock = new();
    private bool _endOfInput;

    /// <summary>Where output goes.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>The source of input lines, or null when the console has no input (batch runs).</summary>
    public TextReader? Input { get; } = input;

    /// <summary>True once the input has ended (no more lines will come).</summary>
    public bool EndOfInput => Volatile.Read(ref _endOfInput) && _lines.IsEmpty;

    /// <summary>Writes text to the console (any core; lines from different cores never interleave mid-line).</summary>
    public void Write(string text)
    {
        lock (_writeLock)
        {
            Output.Write(text);
            Output.Flush();
        }
    }

    /// <summary>Writes a line.</summary>
    public void WriteLine(string line) => Write(line + "\n");

    /// <summary>Takes the next input line if one is waiting.</summary>
    public bool TryReadLine(out string line) => _lines.TryDequeue(out line!);

    /// <summary>Reads one line from <see cref="Input"/> into the FIFO (blocking); false at end of input.</summary>
    public bool PumpLine()
    {
        var line = Input?.ReadLine();
        if (line is null)
        {
            Volatile.Write(ref _endOfInput, true);
            return false;
        }

        _lines.Enqueue(line);
        return true;
    }
}
