using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>Two ends of a ping_pong binding over two <see cref="RingChannel"/>s, with their handlers and the errors
/// each end reported.</summary>
public sealed class PingPongPair
{
    public PingPongPair(int capacity = 4)
    {
        ToServer = new RingChannel(capacity);
        ToClient = new RingChannel(capacity);
        Client = new PingPongBinding(ToServer, ToClient, ClientHandler);
        Server = new PingPongBinding(ToClient, ToServer, ServerHandler);
        Client.Error += (_, e) => ClientErrors.Add(e.Error);
        Server.Error += (_, e) => ServerErrors.Add(e.Error);
    }

    public RingChannel ToServer { get; }

    public RingChannel ToClient { get; }

    public RecordingHandler ClientHandler { get; } = new();

    public RecordingHandler ServerHandler { get; } = new();

    public PingPongBinding Client { get; }

    public PingPongBinding Server { get; }

    public List<SharpfishException> ClientErrors { get; } = [];

    public List<SharpfishException> ServerErrors { get; } = [];

    /// <summary>Polls both ends until neither moves anything (bounded, so a livelock fails instead of hanging).</summary>
    public void Pump()
    {
        for (var round = 0; round < 1_000_000; round++)
        {
            if (!(Client.Poll() | Server.Poll()))
            {
                return;
            }
        }

        throw new InvalidOperationException("the bindings never went quiet");
    }

    /// <summary>Pumps until <paramref name="task"/> completes, and returns its result.</summary>
    public T Await<T>(ValueTask<T> task)
    {
        Pump();
        Assert.True(task.IsCompleted, "the task did not complete after both ends went quiet");
        return task.GetAwaiter().GetResult();
    }
}
