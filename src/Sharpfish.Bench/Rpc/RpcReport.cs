using Sharpfish.Bench.Harness;

namespace Sharpfish.Bench.Rpc;

/// <summary>The result of <c>bench rpc</c>: round trips between domains on two cores through the whole system,
/// one way, beside raw URPC between the same two cores measured in the same run.</summary>
/// <param name="Machine">Machine name and processor.</param>
/// <param name="TscGHz">Cycles are TSC cycles at this rate.</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Cpus">The host CPUs of the client's and the server's cores.</param>
/// <param name="Relation">How the two cores relate (SMT siblings, shared cache, another package).</param>
/// <param name="RawUrpc">A URPC message each way between two pinned threads: the floor.</param>
/// <param name="FullStack">An echo RPC from a thread of one domain to another domain on the other core: bound
/// through the name service and the monitors, generated stubs over URPC, dispatchers upcalled by their CPU drivers.</param>
/// <param name="LookupAndBindNs">The name-service lookup and the bind, once, in nanoseconds.</param>
/// <param name="FullStackAllocatedBytes">Bytes the client's core allocated per round trip.</param>
public sealed record RpcReport(
    string Machine,
    double TscGHz,
    bool Quick,
    int[] Cpus,
    string Relation,
    Latency RawUrpc,
    Latency FullStack,
    double LookupAndBindNs,
    double FullStackAllocatedBytes);
