using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Monitors;

/// <summary>Checks on the monitors of a finished run.</summary>
internal static class Replicas
{
    /// <summary>Every core's replica of the domain table holds the same rows; returns one of them.</summary>
    public static DomainTable AssertEqual(IReadOnlyList<Monitor?> monitors, string context)
    {
        var live = monitors.Where(m => m is not null).Select(m => m!).ToArray();
        var reference = live[0].Table;
        foreach (var monitor in live)
        {
            Assert.True(reference.Digest() == monitor.Table.Digest(),
                $"{context}: core {monitor.CoreId}'s table differs from core 0's:\n{monitor.Table.Text()}\nversus\n{reference.Text()}");
        }

        return reference;
    }
}
