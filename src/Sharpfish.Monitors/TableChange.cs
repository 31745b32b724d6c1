using Sharpfish.Interfaces.Intermon;

namespace Sharpfish.Monitors;

/// <summary>One change of the replicated domain table, as the two-phase commit carries it.</summary>
/// <param name="Kind">Spawned (on one core, or on every core), spanned, or how the domain ended.</param>
/// <param name="Domain">The domain; for a domain on every core, the number each core's id of it ends in.</param>
/// <param name="Core">Spawned: its home; spanned: the new core; ended: the core that asked.</param>
/// <param name="ExitCode">How an ended domain ended.</param>
/// <param name="Name">Spawned: the program's name.</param>
public sealed record TableChange(DomainChange Kind, uint Domain, int Core, int ExitCode, string Name)
{
    /// <summary>True for the three kinds that end a domain.</summary>
    public bool Ends => Kind is DomainChange.ChangeExited or DomainChange.ChangeKilled or DomainChange.ChangeFaulted;
}
