namespace Sharpfish.Idl.Diagnostics;

/// <summary>How bad a diagnostic is: an error stops code generation, a warning does not.</summary>
public enum IdlSeverity
{
    /// <summary>The file compiles, but something is probably not what the author meant.</summary>
    Warning,

    /// <summary>The file does not compile.</summary>
    Error,
}
