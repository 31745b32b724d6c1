using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>A parsed file: normally one interface, or (an include file such as <c>types.if</c>) only type
/// declarations.</summary>
/// <param name="Source">The file.</param>
/// <param name="Interfaces">The interfaces it declares (more than one is an error the checker reports).</param>
/// <param name="Types">Type declarations outside any interface.</param>
public sealed record IdlFile(IdlSource Source, IReadOnlyList<InterfaceDecl> Interfaces, IReadOnlyList<TypeDecl> Types)
{
    /// <summary>True for a file of type declarations only (Flounder's <c>-i</c> include files).</summary>
    public bool IsInclude => Interfaces.Count == 0;
}
