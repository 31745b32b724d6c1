using System.Collections.Immutable;

namespace Sharpfish.Monitors;

/// <summary>How a domain stands.</summary>
public enum DomainState
{
    /// <summary>It runs.</summary>
    Running,
    /// <summary>Its main thread returned.</summary>
    Exited,
    /// <summary>Someone killed it.</summary>
    Killed,
    /// <summary>A thread of it threw.</summary>
    Faulted,
}

/// <summary>One domain as the replicated domain table records it.</summary>
/// <param name="Domain">Its id.</param>
/// <param name="Name">The program it runs.</param>
/// <param name="Home">The core that made it (where its changes are coordinated).</param>
/// <param name="Cores">The cores it has dispatchers on.</param>
/// <param name="State">Running, or how it ended.</param>
/// <param name="ExitCode">How it ended.</param>
public sealed record DomainRow(uint Domain, string Name, int Home, ImmutableSortedSet<int> Cores, DomainState State, int ExitCode);
