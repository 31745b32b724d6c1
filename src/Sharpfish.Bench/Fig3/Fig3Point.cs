using Sharpfish.Bench.Harness;

namespace Sharpfish.Bench.Fig3;

/// <summary>One x-position of the paper's Figure 3: cycles per update with <see cref="Cores"/> cores taking part.</summary>
/// <param name="Cores">Cores taking part (for MSG: one server and Cores - 1 clients).</param>
/// <param name="Shm1">Every core updates 1 shared cache line directly.</param>
/// <param name="Shm2">… 2 lines.</param>
/// <param name="Shm4">… 4 lines.</param>
/// <param name="Shm8">… 8 lines.</param>
/// <param name="Msg1">Each client sends an update RPC to the server core, which updates 1 line.</param>
/// <param name="Msg8">… 8 lines.</param>
/// <param name="Server">The server's own cycles per update (MSG8), without queueing.</param>
public sealed record Fig3Point(int Cores, Latency Shm1, Latency Shm2, Latency Shm4, Latency Shm8, Latency? Msg1, Latency? Msg8, Latency? Server);
