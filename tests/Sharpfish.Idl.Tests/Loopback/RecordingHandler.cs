using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>A ping_pong handler that records every message (<see cref="Arrival"/>) and serves the RPCs: echo echoes,
/// outoforder returns its inputs, describe looks names up in <see cref="Descriptions"/>, checksum sums bytes. With
/// <see cref="Deferred"/> set, echo replies only when the test completes the task. Pings are only summed, so that
/// receiving them allocates nothing.</summary>
public sealed class RecordingHandler : IPingPongHandler
{
    public List<string> Received { get; } = [];

    public Dictionary<string, string> Descriptions { get; } = [];

    public bool Deferred { get; set; }

    /// <summary>Runs inside <see cref="Text"/> before it records: to throw, or to misbehave otherwise.</summary>
    public Action? OnText { get; set; }

    public List<(ulong Value, TaskCompletionSource<ulong> Reply)> PendingEchoes { get; } = [];

    public ulong PingSum { get; private set; }

    public void Init() => Received.Add(Arrival.Of("init"));

    public void Ping(ulong value) => PingSum += value;

    public void Pong(ulong value) => Received.Add(Arrival.Of("pong", value));

    /// <summary>Runs after a stop message is recorded (a test's server halts its core there).</summary>
    public Action? OnStop { get; set; }

    public void Stop()
    {
        Received.Add(Arrival.Of("stop"));
        OnStop?.Invoke();
    }

    public void Integers(byte u8, ushort u16, uint u32, ulong u64, sbyte i8, short i16, int i32, long i64, int legacy) =>
        Received.Add(Arrival.Of("integers", u8, u16, u32, u64, i8, i16, i32, i64, legacy));

    public void Words(nuint up, nint ip, ulong sz, byte ch, bool flag, uint service, ErrorCode err, uint core, ulong addr) =>
        Received.Add(Arrival.Of("words", up, ip, sz, ch, flag, service, err, core, addr));

    public void Composite(Stamp s, Quad q, Colour c) => Received.Add(Arrival.Of("composite", s, ((ReadOnlySpan<ushort>)q).ToArray(), c));

    public void Text(uint tag, string s)
    {
        OnText?.Invoke();
        Received.Add(Arrival.Of("text", tag, s));
    }

    public void Bytes(uint tag, ReadOnlyMemory<byte> data) => Received.Add(Arrival.Of("bytes", tag, data.ToArray()));

    public void Records(ReadOnlyMemory<Stamp> list, ReadOnlyMemory<bool> flags, ReadOnlyMemory<Colour> colours) =>
        Received.Add(Arrival.Of("records", list.ToArray(), flags.ToArray(), colours.ToArray()));

    public ValueTask<ulong> EchoAsync(ulong value)
    {
        if (!Deferred)
        {
            return ValueTask.FromResult(value);
        }

        var reply = new TaskCompletionSource<ulong>();
        PendingEchoes.Add((value, reply));
        return new ValueTask<ulong>(reply.Task);
    }

    public ValueTask<OutoforderResponse> OutoforderAsync(ulong seqIn, ulong testin) =>
        ValueTask.FromResult(new OutoforderResponse(seqIn, testin));

    public ValueTask<DescribeResponse> DescribeAsync(string name) =>
        ValueTask.FromResult(Descriptions.TryGetValue(name, out var description)
            ? new DescribeResponse(ErrorCode.Ok, description, true)
            : new DescribeResponse(ErrorCode.BadArgument, string.Empty, false));

    public ValueTask<ChecksumResponse> ChecksumAsync(ReadOnlyMemory<byte> data)
    {
        var sum = 0u;
        foreach (var b in data.Span)
        {
            sum += b;
        }

        return ValueTask.FromResult(new ChecksumResponse(sum, (ulong)data.Length));
    }

    public ValueTask ResetAsync()
    {
        Received.Add(Arrival.Of("reset"));
        return ValueTask.CompletedTask;
    }

    public ValueTask<CapRef> ShareAsync(CapRef frame) => ValueTask.FromResult(frame);

    public ValueTask<uint> PairAsync(CapRef first, CapRef second) => ValueTask.FromResult((uint)(first.Address + second.Address));
}
