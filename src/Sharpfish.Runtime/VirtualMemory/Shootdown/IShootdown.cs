namespace Sharpfish.Runtime.VirtualMemory.Shootdown;

/// <summary>How the home of an address space makes every core of its domain drop a range of it from its TLB: the
/// initiator's side of a shootdown (paper §4.7), over the domain's own channels (<see cref="ShootdownNode"/>) or
/// through the monitors.</summary>
public interface IShootdown
{
    /// <summary>Completes when no core of the domain, this one included, holds a translation of the
    /// <paramref name="pages"/> pages from <paramref name="va"/> that it had before the call.</summary>
    Task RunAsync(ulong va, ulong pages);
}
