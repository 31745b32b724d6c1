using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Services.Programs;

/// <summary>A ping_pong server (pingpong's, and the RPC benchmarks'): answers echo, outoforder and reset at once;
/// counts the one-way messages it is sent; refuses the RPCs neither makes, so a mistake shows as an error.</summary>
public sealed class EchoServer : IPingPongHandler
{
    /// <summary>One-way messages received.</summary>
    public long Messages { get; private set; }

    /// <summary>Runs when a client sends <c>stop</c> (it is done).</summary>
    public Action? Stopped { get; set; }

    /// <inheritdoc/>
    public ValueTask<ulong> EchoAsync(ulong value) => ValueTask.FromResult(value);

    /// <inheritdoc/>
    public ValueTask<OutoforderResponse> OutoforderAsync(ulong seqIn, ulong testin) => ValueTask.FromResult(new OutoforderResponse(seqIn, testin));

    /// <inheritdoc/>
    public ValueTask ResetAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask<DescribeResponse> DescribeAsync(string name) => ValueTask.FromException<DescribeResponse>(NotServed("describe"));

    /// <inheritdoc/>
    public ValueTask<ChecksumResponse> ChecksumAsync(ReadOnlyMemory<byte> data) => ValueTask.FromException<ChecksumResponse>(NotServed("checksum"));

    /// <inheritdoc/>
    public ValueTask<CapRef> ShareAsync(CapRef frame) => ValueTask.FromException<CapRef>(NotServed("share"));

    /// <inheritdoc/>
    public ValueTask<uint> PairAsync(CapRef first, CapRef second) => ValueTask.FromException<uint>(NotServed("pair"));

    /// <inheritdoc/>
    public void Init() => Messages++;

    /// <inheritdoc/>
    public void Ping(ulong value) => Messages++;

    /// <inheritdoc/>
    public void Pong(ulong value) => Messages++;

    /// <inheritdoc/>
    public void Stop()
    {
        Messages++;
        Stopped?.Invoke();
    }

    /// <inheritdoc/>
    public void Integers(byte u8, ushort u16, uint u32, ulong u64, sbyte i8, short i16, int i32, long i64, int legacy) => Messages++;

    /// <inheritdoc/>
    public void Words(nuint up, nint ip, ulong sz, byte ch, bool flag, uint service, ErrorCode err, uint core, ulong addr) => Messages++;

    /// <inheritdoc/>
    public void Composite(Stamp s, Quad q, Colour c) => Messages++;

    /// <inheritdoc/>
    public void Text(uint tag, string s) => Messages++;

    /// <inheritdoc/>
    public void Bytes(uint tag, ReadOnlyMemory<byte> data) => Messages++;

    /// <inheritdoc/>
    public void Records(ReadOnlyMemory<Stamp> list, ReadOnlyMemory<bool> flags, ReadOnlyMemory<Colour> colours) => Messages++;

    private static SharpfishException NotServed(string rpc) =>
        new(ErrorCode.UnknownMessageType, $"the benchmark's ping_pong server does not serve {rpc}");
}
