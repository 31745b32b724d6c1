using Sharpfish.Platform;
using Xunit;

namespace Sharpfish.Tests.Platform;

/// <summary>The adaptive poll-then-block rule: blocking that was a waste makes the core poll longer, long quiet
/// periods make it poll less, and a costly wake-up is not mistaken for a quiet period.</summary>
public class PollPolicyTests
{
    [Fact]
    public void Work_arriving_just_after_blocking_makes_the_core_poll_longer_even_when_wake_ups_are_slow()
    {
        var policy = new PollPolicy(wakeCost: 20_000, min: 1_000, max: 1_000_000);
        for (var i = 0; i < 40; i++)
        {
            policy.EndedAfterBlocking(idle: policy.Period + 500 + 60_000, wakeLatency: 60_000); // a VM's 60 µs wake-ups
        }

        Assert.InRange(policy.WakeCost, 55_000, 60_000);
        Assert.True(policy.Period >= policy.WakeCost, $"period {policy.Period} below the wake-up cost {policy.WakeCost}");
    }

    [Fact]
    public void Long_quiet_periods_make_the_core_poll_less_down_to_the_minimum()
    {
        var policy = new PollPolicy(wakeCost: 20_000, min: 1_000, max: 1_000_000);
        for (var i = 0; i < 40; i++)
        {
            policy.EndedAfterBlocking(idle: 50_000_000, wakeLatency: 20_000);
        }

        Assert.Equal(1_000, policy.Period);
    }

    [Fact]
    public void Without_a_measured_wake_up_the_estimate_stands()
    {
        var policy = new PollPolicy(wakeCost: 800, min: 100, max: 51_200);
        policy.EndedAfterBlocking(idle: 900, wakeLatency: 0);
        Assert.Equal(800, policy.WakeCost);
        Assert.Equal(1_600, policy.Period);
    }
}
