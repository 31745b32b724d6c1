using Sharpfish.Bench.Harness;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Platform;

namespace Sharpfish.Bench.Rpc;

/// <summary>Times echo RPCs from the calling user-level thread: a warm-up (its operations, and at least its time on
/// the core's clock), then windows of them. Returns the round trips' cycles and the bytes the thread allocated while
/// measuring.</summary>
internal static class EchoWindows
{
    public static async Task<(Summary Cycles, long AllocatedBytes)> MeasureAsync(PingPongBinding binding, Scale scale, Core clock)
    {
        ulong value = 0;
        var warmUntil = clock.NowNs + (long)scale.WarmUpTime.TotalNanoseconds;
        for (var i = 0; i < scale.WarmUp || clock.NowNs < warmUntil; i++)
        {
            value = Check(await binding.EchoAsync(value + 1), value + 1);
        }

        var windows = new WindowLog(scale.Windows);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var w = 0; w < scale.Windows; w++)
        {
            windows.Begin();
            for (var i = 0; i < scale.PerWindow; i++)
            {
                value = Check(await binding.EchoAsync(value + 1), value + 1);
            }

            windows.End(scale.PerWindow);
        }

        return (windows.Summarise(), GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Checked inline, not in an async helper: its state machine would be allocated every call.</summary>
    private static ulong Check(ulong echoed, ulong sent) =>
        echoed == sent ? echoed : throw new SharpfishException(ErrorCode.ProtocolViolation, $"echo {sent} came back as {echoed}");
}
