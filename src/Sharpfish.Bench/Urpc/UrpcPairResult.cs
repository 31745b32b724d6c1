using Sharpfish.Bench.Harness;

namespace Sharpfish.Bench.Urpc;

/// <summary>Everything <c>bench urpc</c> measured between one pair of cores.</summary>
/// <param name="Pair">"0↔1".</param>
/// <param name="Relation">How the cores relate (SMT sibling, shared L3, other node …).</param>
/// <param name="Cpus">Host CPUs of the pair.</param>
/// <param name="Urpc">URPC one-way latency (half the round trip).</param>
/// <param name="UrpcWide">URPC one-way latency with two-line slots (the default is one line per slot).</param>
/// <param name="StubRpc">One-way latency of an echo RPC through the generated ping_pong stubs over URPC.</param>
/// <param name="TwoLineFloor">One-way latency of the two-line ping-pong: the floor for messages.</param>
/// <param name="OneLineFloor">One-way latency of the one-line ping-pong.</param>
/// <param name="Channel">One-way latency of System.Threading.Channels.</param>
/// <param name="ConcurrentQueue">One-way latency of ConcurrentQueue with a spinning reader.</param>
/// <param name="Urpc16">URPC throughput with 16 messages in flight (a 16-slot ring), as in the paper.</param>
/// <param name="UrpcStream">URPC throughput with a 1024-slot ring, one message per send and receive.</param>
/// <param name="UrpcBatched">URPC throughput with a 1024-slot ring, sending and draining in batches of 16.</param>
/// <param name="UrpcBatchedWide">The same with two-line slots.</param>
/// <param name="StreamFloor">Raw cache lines streamed through a 1024-line ring in batches of 16: the floor for streaming.</param>
/// <param name="Channel16">Channel throughput, bounded to 16.</param>
/// <param name="ChannelStream">Channel throughput, bounded to 1024.</param>
/// <param name="QueueStream">ConcurrentQueue throughput (unbounded).</param>
/// <param name="WakeUp">From sending to a receiver that has blocked until it has the message.</param>
/// <param name="AllocatedBytes">Bytes allocated on the URPC and stub message paths while measuring (should be 0).</param>
public sealed record UrpcPairResult(
    string Pair,
    string Relation,
    int[] Cpus,
    Latency Urpc,
    Latency UrpcWide,
    Latency StubRpc,
    Latency TwoLineFloor,
    Latency OneLineFloor,
    Latency Channel,
    Latency ConcurrentQueue,
    Throughput Urpc16,
    Throughput UrpcStream,
    Throughput UrpcBatched,
    Throughput UrpcBatchedWide,
    Throughput StreamFloor,
    Throughput Channel16,
    Throughput ChannelStream,
    Throughput QueueStream,
    Latency WakeUp,
    long AllocatedBytes);
