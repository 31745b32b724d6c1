namespace Sharpfish.Platform;

/// <summary>
/// A core's doorbell, the paper's IPI: any core may ring it to wake the owner if the owner has blocked. Ringing a
/// core that is polling costs only a read of its sleep flag.
/// </summary>
public abstract class Doorbell
{
    /// <summary>Wakes the owning core if it sleeps; does nothing otherwise.</summary>
    public abstract void Ring();

    /// <summary>True while the owning core is blocked (or about to block) waiting for a ring.</summary>
    public abstract bool IsSleeping { get; }
}
