using Sharpfish.Bench.Harness;

namespace Sharpfish.Bench.Lrpc;

/// <summary>The result of <c>bench lrpc</c>: same-core round trips (the paper's Table 1), one way.</summary>
/// <param name="Machine">Machine name and processor.</param>
/// <param name="TscGHz">Cycles are TSC cycles at this rate.</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Cpu">The host CPU the core ran on.</param>
/// <param name="RawLmp">An LMP message each way, sent and taken by one thread: the floor.</param>
/// <param name="StubsPolled">An echo RPC through the ping_pong stubs over LMP, both bindings polled by one thread.</param>
/// <param name="Dispatched">An echo RPC from a thread of one dispatcher to another dispatcher on the same core, through
/// the CPU driver's upcalls, the waitsets and the user-level thread scheduler (what the paper's LRPC includes).</param>
/// <param name="DispatchedAllocatedBytes">Bytes allocated per dispatched round trip.</param>
/// <param name="Paper">The paper's Table 1, for comparison: cycles one way on its four machines.</param>
public sealed record LrpcReport(
    string Machine,
    double TscGHz,
    bool Quick,
    int Cpu,
    Latency RawLmp,
    Latency StubsPolled,
    Latency Dispatched,
    double DispatchedAllocatedBytes,
    IReadOnlyDictionary<string, double> Paper);
