using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Monitors;

/// <summary>A shootdown protocol as intermon.if carries it (<c>tlb_protocol</c>), checked on the way in.</summary>
internal static class Protocols
{
    public static TlbProtocol ToWire(ShootdownProtocol protocol) => protocol switch
    {
        ShootdownProtocol.Broadcast => TlbProtocol.TlbBroadcast,
        ShootdownProtocol.Unicast => TlbProtocol.TlbUnicast,
        ShootdownProtocol.Multicast => TlbProtocol.TlbMulticast,
        _ => TlbProtocol.TlbNumaMulticast,
    };

    public static ShootdownProtocol FromWire(TlbProtocol protocol) => protocol switch
    {
        TlbProtocol.TlbBroadcast => ShootdownProtocol.Broadcast,
        TlbProtocol.TlbUnicast => ShootdownProtocol.Unicast,
        TlbProtocol.TlbMulticast => ShootdownProtocol.Multicast,
        TlbProtocol.TlbNumaMulticast => ShootdownProtocol.NumaMulticast,
        _ => throw new SharpfishException(ErrorCode.MalformedMessage, $"{(int)protocol} is no shootdown protocol"),
    };
}
