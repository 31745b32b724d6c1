// netstandard2.0 lacks the marker type that C# records and init accessors need; the compiler only needs the name.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit;
