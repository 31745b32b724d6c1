namespace Sharpfish.Idl.Diagnostics;

/// <summary>One kind of diagnostic: a stable id (never reused for another meaning), its severity and a title.</summary>
/// <param name="Id">Stable id, e.g. <c>SFIDL010</c>.</param>
/// <param name="Severity">Severity of every diagnostic of this kind.</param>
/// <param name="Title">A short description of the kind, for documentation and IDE rule lists.</param>
public sealed record IdlRule(string Id, IdlSeverity Severity, string Title);
