using System.Buffers.Binary;
using Sharpfish.Errors;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// What a binding sends in place of an RPC reply that could not be sent (its capabilities were refused or could not
/// be delivered, or it could not be encoded), so that the caller's call fails with the reason instead of waiting
/// forever. One fragment of message type <see cref="Type"/> (above every number the generator hands out) with the
/// call's token, carrying the call's message type (16 bits), 16 zero bits and the <see cref="ErrorCode"/> (32 bits),
/// little-endian. The runtime sends and receives it for every interface; a handler never sees it.
/// </summary>
internal static class ErrorResponse
{
    /// <summary>The message type of an error response.</summary>
    public const ushort Type = ushort.MaxValue;

    /// <summary>Bytes of an error response.</summary>
    public const int Length = 8;

    /// <summary>Encodes the error response to a call of <paramref name="callType"/> into <paramref name="bytes"/>.</summary>
    public static void Write(Span<byte> bytes, ushort callType, ErrorCode code)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, callType);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], (int)code);
    }

    /// <summary>Decodes an error response; false, with a problem, when it says nothing a call can fail with.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out ushort callType, out ErrorCode code, out string? problem)
    {
        callType = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        code = (ErrorCode)BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        problem = code == ErrorCode.Ok ? "an error response carries no error" : null;
        return problem is null;
    }
}
