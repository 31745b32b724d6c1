using CsCheck;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Kernel;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Simulated;
using Sharpfish.Platform.Topology;
using Sharpfish.Runtime;
using Sharpfish.Transports;

namespace Sharpfish.Idl.Tests;

/// <summary>
/// The generated ping_pong stubs over every real transport, inside running systems: a client dispatcher sends random
/// messages of every type and an RPC; a server dispatcher on another core (URPC hosted, simulated links) or on the
/// same core (LMP) records what arrives. Everything arrives equal and in order.
/// </summary>
public sealed class TransportRoundTripTests
{
    public enum Link
    {
        Urpc,
        HostedLmp,
        Simulated,
        SimulatedLmp,
    }

    [Theory]
    [InlineData(Link.Urpc, 30)]
    [InlineData(Link.HostedLmp, 30)]
    [InlineData(Link.Simulated, 100)]
    [InlineData(Link.SimulatedLmp, 100)]
    public void Random_messages_and_an_rpc_cross_the_transport_intact(Link link, int iterations) =>
        Gen.Select(Gen.Long, Gen.Int[1, 5], PingPongGen.Steps.Array[1, 8], Gen.ULong).Sample((seed, shift, steps, value) =>
        {
            var run = new Exchange(steps, value, 1 << shift, IsLmp(link));
            using var platform = Create(link, seed);
            platform.Run(run.Bsp);

            Assert.Empty(run.Errors);
            Assert.Equal(value, run.Echoed);
            Assert.Equal([.. steps.Select(s => s.Expected), Arrival.Of("stop")], run.Server.Received);
        }, iter: iterations, threads: 1);

    private static bool IsLmp(Link link) => link is Link.HostedLmp or Link.SimulatedLmp;

    private static global::Sharpfish.Platform.Platform Create(Link link, long seed)
    {
        var console = new PlatformConsole(TextWriter.Null, null);
        if (link is Link.Simulated or Link.SimulatedLmp)
        {
            return new SimulatedPlatform(MachineModels.Find("amd-2x2"), console, seed);
        }

        var host = HostMachine.Discover();
        var (topology, pinned) = HostMachine.Select(host, new CoreSelection(2, null), pin: false);
        return new HostedPlatform(topology, console, pinned);
    }

    /// <summary>One run: the client's steps and what each side saw.</summary>
    private sealed class Exchange(IReadOnlyList<PingPongGen.Step> steps, ulong value, int slots, bool lmp)
    {
        public RecordingHandler Server { get; } = new();

        public List<SharpfishException> Errors { get; } = [];

        public ulong Echoed { get; private set; }

        public CpuDriver Bsp(Core core)
        {
            var cpu = new CpuDriver(core);
            var client = new Dispatcher(cpu, "client", 2);
            PingPongBinding binding;
            if (lmp)
            {
                var (toServer, atServer) = cpu.CreateLmpChannel(slots);
                var (toClient, atClient) = cpu.CreateLmpChannel(slots);
                ServeOn(cpu, toClient, atServer);
                binding = new PingPongBinding(toServer, atClient, new RecordingHandler());
            }
            else
            {
                var there = cpu.Transport.Create(0, 1, slots);
                var back = cpu.Transport.Create(1, 0, slots);
                core.Platform.StartCore(1, other =>
                {
                    var serverCpu = new CpuDriver(other);
                    ServeOn(serverCpu, serverCpu.Transport.OpenSender(back), serverCpu.Transport.OpenReceiver(there));
                    return serverCpu;
                });
                binding = new PingPongBinding(cpu.Transport.OpenSender(there), cpu.Transport.OpenReceiver(back), new RecordingHandler());
            }

            binding.Error += (_, e) => Errors.Add(e.Error);
            client.Waitset.Add(binding);
            client.StartThread(async () =>
            {
                foreach (var step in steps)
                {
                    await step.Send(binding);
                }

                Echoed = await binding.EchoAsync(value);
                await binding.SendStopAsync();
                if (!lmp)
                {
                    cpu.Halt(); // the server's core halts itself when the stop arrives
                }
            });
            return cpu;
        }

        private void ServeOn(CpuDriver cpu, IChannelSender toClient, IChannelReceiver fromClient)
        {
            var server = new Dispatcher(cpu, "server", 3);
            var binding = new PingPongBinding(toClient, fromClient, Server);
            binding.Error += (_, e) => Errors.Add(e.Error);
            Server.OnStop = cpu.Halt;
            server.Waitset.Add(binding);
        }
    }
}
