using System.Diagnostics;
using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Hosted;

/// <summary>A real core: a dedicated host thread, pinned to its CPU, running its kernel's poll loop.</summary>
internal sealed class HostedCore(HostedPlatform platform, CoreInfo info, FutexDoorbell doorbell, long wakeCostNs) : Core(platform, info)
{
    private readonly HostedPlatform _platform = platform;
    private readonly PollPolicy _policy = new(wakeCostNs, min: 1_000, max: 1_000_000);

    public override long NowNs => Clock();

    public override long NowCycles => Tsc.Read();

    public override Doorbell Doorbell => doorbell;

    public override void Charge(long cycles)
    {
        // Real time is measured, not modelled.
    }

    /// <summary>The host's monotonic clock in nanoseconds, the same on every core.</summary>
    internal static long Clock() => Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);

    /// <summary>The core's life: pin, build the kernel, poll until it halts.</summary>
    public void Run(CoreEntry entry, bool pin)
    {
        CoreOwnership.Enter(Id);
        if (pin)
        {
            Affinity.PinCurrentThread(Info.OsCpu);
        }

        var kernel = entry(this);
        while (!kernel.Halted && !_platform.EmergencyStop)
        {
            if (kernel.Poll())
            {
                Statistics.BusyPolls++;
                continue;
            }

            Idle(kernel);
        }
    }

    /// <summary>Polls for the policy's period P, then blocks on the doorbell until rung or the next timer.</summary>
    private void Idle(ICoreKernel kernel)
    {
        var idleStart = NowNs;
        var pollUntil = idleStart + _policy.Period;
        Statistics.PollPeriodNs = _policy.Period;
        do
        {
            Thread.SpinWait(1);
            if (kernel.Poll() || kernel.Halted)
            {
                return;
            }
        }
        while (NowNs < pollUntil);

        var deadline = kernel.NextDeadlineNs;
        var now = NowNs;
        if (deadline <= now)
        {
            return;
        }

        var (blocked, rungAtNs) = doorbell.Sleep(kernel, deadline == long.MaxValue ? -1 : deadline - now);
        if (blocked)
        {
            var end = NowNs;
            Statistics.Sleeps++;
            Statistics.SleptNs += end - now;
            _policy.EndedAfterBlocking(end - idleStart, rungAtNs > now ? end - rungAtNs : 0);
        }
    }
}
