using System.Runtime.CompilerServices;

namespace Sharpfish.Transports;

/// <summary>The 56 payload bytes of one cache-line message, as seven 64-bit words.</summary>
[InlineArray(WordCount)]
public struct Payload
{
    /// <summary>Words per message.</summary>
    public const int WordCount = 7;

    /// <summary>Bytes per message.</summary>
    public const int Bytes = WordCount * sizeof(ulong);

    private ulong _word0;
}
