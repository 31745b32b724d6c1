namespace Sharpfish.Idl.Semantics;

/// <summary>An enum: members numbered from 0; four bytes on the wire, checked against the member count on receipt.</summary>
public sealed class EnumType : IdlType
{
    internal EnumType(string name, IReadOnlyList<string> members)
    {
        Name = name;
        Members = members;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The members, in order (member i has the value i).</summary>
    public IReadOnlyList<string> Members { get; }

    /// <inheritdoc/>
    public override long WireSize => 4;
}
