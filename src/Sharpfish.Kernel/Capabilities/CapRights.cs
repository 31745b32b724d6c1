namespace Sharpfish.Capabilities;

/// <summary>What a capability allows; checked on every invocation, and only ever reduced by mint.</summary>
[Flags]
public enum CapRights : byte
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Read the object (map a frame readable; look slots up in a CNode).</summary>
    Read = 1,

    /// <summary>Change the object (map writable; retype and revoke memory; put capabilities into a CNode).</summary>
    Write = 2,

    /// <summary>Map executable.</summary>
    Execute = 4,

    /// <summary>Give a copy to another domain.</summary>
    Grant = 8,

    /// <summary>Ask the kernel what the capability is (identify).</summary>
    Identify = 16,

    /// <summary>Every right.</summary>
    All = Read | Write | Execute | Grant | Identify,
}
