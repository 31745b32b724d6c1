namespace Sharpfish.Idl.Semantics;

/// <summary>Flounder's builtin types.</summary>
public enum BuiltinKind
{
    /// <summary><c>uint8</c>.</summary>
    UInt8,
    /// <summary><c>uint16</c>.</summary>
    UInt16,
    /// <summary><c>uint32</c>.</summary>
    UInt32,
    /// <summary><c>uint64</c>.</summary>
    UInt64,
    /// <summary><c>int8</c>.</summary>
    Int8,
    /// <summary><c>int16</c>.</summary>
    Int16,
    /// <summary><c>int32</c>.</summary>
    Int32,
    /// <summary><c>int64</c>.</summary>
    Int64,
    /// <summary><c>int</c>: the legacy 32-bit signed integer.</summary>
    Int,
    /// <summary><c>uintptr</c>: an unsigned pointer-sized integer (64 bits on the wire).</summary>
    UIntPtr,
    /// <summary><c>intptr</c>: a signed pointer-sized integer (64 bits on the wire).</summary>
    IntPtr,
    /// <summary><c>size</c>: a byte count (64 bits on the wire).</summary>
    Size,
    /// <summary><c>char</c>: one byte, as in C.</summary>
    Char,
    /// <summary><c>bool</c>: one byte, 0 or 1.</summary>
    Bool,
    /// <summary><c>String</c>: UTF-8 text; arguments carry a bound in bytes.</summary>
    String,
    /// <summary><c>iref</c>: an interface reference, the name of a service endpoint.</summary>
    Iref,
    /// <summary><c>cap</c>: a capability, copied to the receiver.</summary>
    Cap,
    /// <summary><c>give_away_cap</c>: a capability, moved to the receiver.</summary>
    GiveAwayCap,
    /// <summary><c>errval</c>: an error value.</summary>
    ErrVal,
}
