using Xunit;

namespace Sharpfish.Tests;

/// <summary>
/// Tests that pin threads to this machine's cores run one at a time: two of them at once would put two spinning
/// kernels on one CPU and measure the scheduler instead of Sharpfish.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostedCoresCollection
{
    public const string Name = "hosted cores";
}
