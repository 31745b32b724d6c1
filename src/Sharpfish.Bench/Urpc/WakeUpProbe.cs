using System.Diagnostics;
using System.Threading;
using Sharpfish.Bench.Harness;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Bench.Urpc;

/// <summary>
/// How long a message takes to reach a receiver that has blocked on its doorbell (the paper's C, §5.2): the
/// receiver sleeps exactly as an idle core does; the sender waits until it has blocked, stamps the time and sends,
/// which rings the doorbell; the receiver stamps the time it has the message. The TSC is the same on every core.
/// </summary>
public static class WakeUpProbe
{
    /// <summary>How long the receiver has been blocked before each message is sent.</summary>
    private const long BlockedNs = 200_000;

    /// <summary>Measures <paramref name="samples"/> wake-ups; cycles from send to receipt.</summary>
    public static Summary Measure(PairTarget pair, int samples)
    {
        var memory = pair.Channel(pair.CoreA, pair.CoreB, Transport.DefaultSlots);
        var doorbell = (FutexDoorbell)pair.Platform.DoorbellOf(pair.CoreB);
        var sent = new double[samples];
        var received = new double[samples];
        var done = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () =>
            {
                var tx = pair.OpenSender(memory);
                for (var i = 0; i < samples; i++)
                {
                    while (!doorbell.IsSleeping)
                    {
                    }

                    var blocked = Stopwatch.GetTimestamp();
                    while (Stopwatch.GetElapsedTime(blocked).TotalNanoseconds < BlockedNs)
                    {
                    }

                    sent[i] = Tsc.Read();
                    while (!tx.TrySend(new MessageHeader(1, (uint)i), default))
                    {
                    }

                    while (Volatile.Read(ref done) <= i)
                    {
                    }
                }
            },
            () =>
            {
                var receiver = new Receiver(pair.OpenReceiver(memory));
                for (var i = 0; i < samples; i++)
                {
                    while (!receiver.Got)
                    {
                        _ = doorbell.Sleep(receiver, timeoutNs: -1);
                    }

                    received[i] = receiver.At;
                    receiver.Got = false;
                    Volatile.Write(ref done, i + 1);
                }
            },
        ]);
        pair.Free(memory);
        return Summary.Of([.. received.Zip(sent, (r, s) => r - s)]);
    }

    /// <summary>The receiving core's kernel for the probe: its poll takes the message and stamps the time.</summary>
    private sealed class Receiver(UrpcReceiver rx) : ICoreKernel
    {
        public bool Got { get; set; }

        public double At { get; private set; }

        public long NextDeadlineNs => long.MaxValue;

        public bool Halted => Got;

        public bool Poll()
        {
            if (!Got && rx.TryReceive(out _, out _))
            {
                At = Tsc.Read();
                Got = true;
            }

            return Got;
        }
    }
}
