using System.Threading;
using Sharpfish.Bench.Harness;
using Sharpfish.Services.Programs;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Urpc;

/// <summary>RPC round trips through the generated ping_pong stubs over URPC between two pinned cores: the cost the
/// stubs add to a raw URPC round trip (marshalling, the send queue, token correlation, dispatch to the handler).</summary>
public static class StubRoundTrips
{
    /// <summary>Cycles per echo RPC, and the bytes both threads allocated while measuring.</summary>
    public static (Summary Cycles, long AllocatedBytes) Echo(PairTarget pair, Scale scale)
    {
        var there = pair.Channel(pair.CoreA, pair.CoreB, Transport.DefaultSlots);
        var back = pair.Channel(pair.CoreB, pair.CoreA, Transport.DefaultSlots);
        var windows = new WindowLog(scale.Windows);
        long clientBytes = 0;
        var stop = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () =>
            {
                var client = new PingPongBinding(pair.OpenSender(there), pair.OpenReceiver(back), new EchoServer());
                clientBytes = Loop.Measure(new EchoCall(client), windows, scale);
                Volatile.Write(ref stop, 1);
            },
            () =>
            {
                var server = new PingPongBinding(pair.OpenSender(back), pair.OpenReceiver(there), new EchoServer());
                while (Volatile.Read(ref stop) == 0)
                {
                    server.Poll();
                }
            },
        ]);
        pair.Free(there);
        pair.Free(back);
        return (windows.Summarise(), clientBytes);
    }

    /// <summary>One echo RPC, polling the binding until its answer is in.</summary>
    internal struct EchoCall(PingPongBinding binding) : IOperation
    {
        private ulong _value;

        public void Run()
        {
            var answer = binding.EchoAsync(_value + 1);
            while (!answer.IsCompleted)
            {
                binding.Poll();
            }

            _value = answer.GetAwaiter().GetResult();
        }
    }
}
