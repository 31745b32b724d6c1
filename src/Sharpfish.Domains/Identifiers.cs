using Sharpfish.Errors;

namespace Sharpfish.Domains;

/// <summary>
/// How machine-wide names are made without agreement: a domain id is its home core and a number that core hands
/// out; an iref is the core of the service's dispatcher and the service's number on that core.
/// </summary>
public static class Identifiers
{
    private const int DomainCoreShift = 20;
    private const int IrefCoreShift = 16;

    /// <summary>Most cores a domain id can name.</summary>
    public const int MaxCores = 1 << (32 - DomainCoreShift);

    /// <summary>The id of the <paramref name="number"/>th domain made on <paramref name="core"/> (numbers from 1).</summary>
    public static uint Domain(int core, int number) =>
        number is > 0 and < 1 << DomainCoreShift && core is >= 0 and < MaxCores
            ? ((uint)core << DomainCoreShift) | (uint)number
            : throw new SharpfishException(ErrorCode.BadArgument, $"core {core} cannot name a domain numbered {number}");

    /// <summary>The core that made a domain: where its table entry is coordinated.</summary>
    public static int HomeOf(uint domain) => (int)(domain >> DomainCoreShift);

    /// <summary>The number its home core gave a domain.</summary>
    public static int NumberOf(uint domain) => (int)(domain & ((1u << DomainCoreShift) - 1));

    /// <summary>The iref of service <paramref name="service"/> of a dispatcher on <paramref name="core"/>.</summary>
    public static uint Iref(int core, uint service) =>
        service is > 0 and < 1 << IrefCoreShift && core is >= 0 and < 1 << IrefCoreShift
            ? ((uint)core << IrefCoreShift) | service
            : throw new SharpfishException(ErrorCode.BadArgument, $"core {core} cannot name service {service}");

    /// <summary>The core of the dispatcher that serves an iref.</summary>
    public static int CoreOf(uint iref) => (int)(iref >> IrefCoreShift);

    /// <summary>The service's number on its core.</summary>
    public static uint ServiceOf(uint iref) => iref & ((1 << IrefCoreShift) - 1);
}
