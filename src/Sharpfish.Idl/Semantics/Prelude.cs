using System.Text;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Semantics;

/// <summary>The include file every compile starts from: Sharpfish's <c>if/types.if</c>, embedded in this assembly
/// (Hake passes Barrelfish's types.if and the arch and platform includes to every Flounder run in the same way).</summary>
public static class Prelude
{
    /// <summary>The prelude's file name. An input file of this name replaces the embedded copy.</summary>
    public const string FileName = "types.if";

    private const string ResourceName = "Sharpfish.Idl.types.if";

    /// <summary>The embedded <c>types.if</c>.</summary>
    public static IdlSource Source { get; } = Load();

    private static IdlSource Load()
    {
        using var stream = typeof(Prelude).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the assembly lacks its embedded {FileName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new IdlSource(FileName, reader.ReadToEnd());
    }
}
