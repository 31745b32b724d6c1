using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Domains.Threads;

/// <summary>
/// Names a mutex, condition variable, semaphore or barrier anywhere in its domain: the iref of its home
/// dispatcher's <c>threads</c> service and its number there. Handles travel between a domain's cores as text
/// (thread arguments), written <c>IREF.NUMBER</c> in hex.
/// </summary>
/// <param name="Home">The iref of the home dispatcher's <c>threads</c> service.</param>
/// <param name="Id">The object's number at its home.</param>
public readonly record struct SyncHandle(uint Home, uint Id)
{
    /// <summary>Reads a handle written by <see cref="ToString"/>.</summary>
    public static SyncHandle Parse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && uint.TryParse(text.AsSpan(0, dot), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var home)
            && uint.TryParse(text.AsSpan(dot + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var id)
            ? new SyncHandle(home, id)
            : throw new SharpfishException(ErrorCode.BadArgument, $"'{text}' is not a synchronisation handle (IREF.NUMBER in hex)");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Home:x}.{Id:x}");
}
