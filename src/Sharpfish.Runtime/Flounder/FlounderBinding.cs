using System.Buffers.Binary;
using System.Diagnostics;
using Sharpfish.Cores;
using Sharpfish.Errors;
using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// One end of a binding of a Flounder interface over a pair of one-way channels; the generated
/// <c>XxxBinding</c> classes derive from it and add the typed methods.
/// <para>Progress model: nothing happens behind the owner's back. The binding is an event source of its dispatcher's
/// waitset, which calls <see cref="Poll"/> (tests may call it directly). <see cref="Poll"/> sends what is queued, then receives and dispatches every message that has arrived, then sends again. A send
/// that finds the channel full queues the message and returns a pending <see cref="ValueTask"/>, which a later
/// <see cref="Poll"/> completes when the message's last fragment is in the channel; RPC results complete the same
/// way when their responses arrive. Continuations run inline inside <see cref="Poll"/>, on the owner's core.</para>
/// <para>Errors in what arrives (unknown type, bad fragments, bounds exceeded, bad values) never throw: they go to
/// <see cref="Error"/>, the message is dropped (with the capabilities that came for it) and the binding goes on.
/// Exceptions thrown by handler methods propagate out of <see cref="Poll"/>; a handler's asynchronous RPC reply that
/// fails goes to <see cref="Error"/>. A reply the handler produced but that cannot be sent (it cannot be encoded, or
/// its capabilities are refused or cannot be delivered) goes to <see cref="Error"/> and is answered with an
/// <see cref="ErrorResponse"/> instead, which fails the call at the other end with the same error code.</para>
/// <para>A binding belongs to the core that created it (Debug builds check every send and poll against it): it is not
/// thread-safe, and <see cref="Poll"/> must not be called from one of its own handlers.</para>
/// </summary>
public abstract class FlounderBinding : IEventSource
{
    private readonly IChannelSender _sender;
    private readonly IChannelReceiver _receiver;
    private readonly MessageWriter _writer;
    private readonly SendQueue _queue;
    private readonly MessageAssembler _assembler = new();
    private readonly PendingCalls _calls = new();
    private readonly CompletionPool<RpcVoid> _sendCompletions = new();
    private readonly int _owner = CoreOwnership.Current;
    private bool _polling;

    /// <summary>Binds the two channels of one end.</summary>
    /// <param name="sender">The channel to the other end.</param>
    /// <param name="receiver">The channel from the other end.</param>
    /// <param name="interfaceName">The interface's name, for error messages.</param>
    protected FlounderBinding(IChannelSender sender, IChannelReceiver receiver, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        _sender = sender;
        _receiver = receiver;
        InterfaceName = interfaceName;
        _writer = new MessageWriter(this);
        _queue = new SendQueue(GateFailed);
    }

    /// <summary>Raised for each message that arrived broken or unknown and was dropped, and for each RPC reply a
    /// handler failed to produce. The binding stays usable.</summary>
    public event EventHandler<BindingErrorEventArgs>? Error;

    /// <summary>The interface's name as its file writes it.</summary>
    public string InterfaceName { get; }

    /// <summary>Moves <c>cap</c> arguments (a domain's bindings get one from its runtime); null refuses them.</summary>
    public ICapabilityTransfer? CapabilityTransfer { get; set; }

    /// <summary>True when a message of one fragment would go out at once: nothing is queued and the channel has room.</summary>
    public bool CanSendNow => _queue.IsEmpty && _sender.HasSpace;

    /// <summary>Messages waiting for room in the channel.</summary>
    public int QueuedMessages => _queue.Count;

    /// <summary>RPC calls waiting for their responses.</summary>
    public int OutstandingCalls => _calls.Count;

    /// <summary>Why the binding was closed, or null while it is open.</summary>
    public SharpfishException? ClosedBecause { get; private set; }

    /// <summary>
    /// Closes the binding: every waiting call and queued send fails with a ChannelClosed error that says
    /// <paramref name="reason"/>, and every later send or call fails at once. Nothing is received any more. The
    /// monitors close the bindings of a domain that ended, on both sides.
    /// </summary>
    public void Close(string reason)
    {
        if (ClosedBecause is not null)
        {
            return;
        }

        ClosedBecause = new SharpfishException(ErrorCode.ChannelClosed, $"{InterfaceName}: the binding is closed: {reason}");
        _queue.Clear(ClosedBecause);
        foreach (var call in _calls.TakeAll())
        {
            call.Fail(ClosedBecause);
        }
    }

    /// <summary>Sends what is queued, dispatches every message that has arrived, and sends again.
    /// Returns true if it moved or received anything.</summary>
    public bool Poll()
    {
        CoreOwnership.Check(_owner, "a Flounder binding");
        if (_polling)
        {
            throw new InvalidOperationException($"{InterfaceName}: Poll() was called from one of the binding's own handlers");
        }

        if (ClosedBecause is not null || (_queue.IsEmpty && !_receiver.HasMessage))
        {
            return false; // the common case of a waitset's poll: nothing queued, nothing arrived
        }

        _polling = true;
        try
        {
            var progress = _queue.Pump(_sender);
            while (_receiver.TryReceive(out var header, out var payload))
            {
                progress = true;
                Receive(header, ref payload);
            }

            return _queue.Pump(_sender) | progress;
        }
        finally
        {
            _polling = false;
        }
    }

    internal string MessageNameOf(ushort type) => MessageName(type);

    /// <summary>The interface file's name for a message type (an RPC's <c>_call</c> or <c>_response</c>).</summary>
    protected abstract string MessageName(ushort type);

    /// <summary>The sizes a message type may have; <see cref="WireLayout.Unknown"/> for a type the interface lacks.</summary>
    protected abstract WireLayout Layout(ushort type);

    /// <summary>Decodes a whole message and hands it to the handler (or completes the call it answers).</summary>
    protected abstract void Dispatch(ushort type, uint token, ref WireReader reader);

    /// <summary>Starts encoding a message of <paramref name="type"/> into the binding's one writer.</summary>
    protected MessageWriter BeginMessage(ushort type)
    {
        CoreOwnership.Check(_owner, "a Flounder binding");
        if (ClosedBecause is not null)
        {
            throw ClosedBecause;
        }

        _writer.Reset(type, Layout(type).IsVariable);
        return _writer;
    }

    /// <summary>Sends an encoded message: completed at once when it fits in the channel, otherwise queued.</summary>
    protected ValueTask Send(MessageWriter message) =>
        Transmit(message, 0, wantCompletion: true) is { } queued ? queued.VoidTask : default;

    /// <summary>Sends an encoded message of one fragment if it can go at once; false, and nothing sent, otherwise.</summary>
    protected bool TrySend(MessageWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Debug.Assert(message.Message.Length <= Payload.Bytes, "only single-fragment messages have a TrySend");
        return CanSendNow && Fragments.Send(_sender, message.Type, 0, message.Message, 0) > 0;
    }

    /// <summary>Sends an RPC response with the call's <paramref name="token"/>; queued if the channel is full.</summary>
    protected void Post(uint token, MessageWriter message) => Transmit(message, token, wantCompletion: false);

    /// <summary>Sends an RPC call and returns its result, which completes when the response arrives.</summary>
    protected ValueTask<T> Call<T>(MessageWriter message, CompletionPool<T> pool) => Register(message, pool).Task;

    /// <summary>Sends an RPC call whose response carries no value.</summary>
    protected ValueTask Call(MessageWriter message, CompletionPool<RpcVoid> pool) => Register(message, pool).VoidTask;

    // The response's type is the call's + 1 (the generator numbers them so).
    private PooledCompletion<T> Register<T>(MessageWriter message, CompletionPool<T> pool)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(pool);
        var completion = pool.Rent();
        completion.CallType = message.Type;
        Transmit(message, 0, wantCompletion: false, completion);
        return completion;
    }

    /// <summary>Completes the call that a response answers with <paramref name="result"/>, once the response has
    /// been read whole; a broken response fails the call.</summary>
    protected void Complete<T>(uint token, ref WireReader reader, T result)
    {
        var call = _calls.Take(token, (ushort)(reader.Type - 1), out var problem);
        if (call is null)
        {
            reader.Fail(problem!);
        }
        else if (reader.Finish())
        {
            ((PooledCompletion<T>)call).SetResult(result);
        }
        else
        {
            call.Fail(Malformed(reader.Type, reader.Problem!));
        }
    }

    /// <summary>Sends a handler's reply to an RPC call (of message type <paramref name="callType"/>) now, or when
    /// the handler's task completes.</summary>
    protected void Reply<T>(uint token, ushort callType, ValueTask<T> reply, Action<uint, T> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (reply.IsCompletedSuccessfully)
        {
            SendReply(token, callType, reply.Result, send);
        }
        else
        {
            _ = ReplyWhenReadyAsync(token, callType, reply, send);
        }
    }

    /// <summary>Sends a handler's reply to an RPC call without <c>out</c> arguments.</summary>
    protected void Reply(uint token, ushort callType, ValueTask reply, Action<uint, RpcVoid> send)
    {
        if (reply.IsCompletedSuccessfully)
        {
            reply.GetAwaiter().GetResult(); // consumes it, in case it came from a pool
            Reply(token, callType, default(ValueTask<RpcVoid>), send);
        }
        else
        {
            Reply(token, callType, AsResult(reply), send);
        }
    }

    private static async ValueTask<RpcVoid> AsResult(ValueTask reply)
    {
        await reply.ConfigureAwait(true);
        return default;
    }

    // Continuations stay on the owner's core: ConfigureAwait(true) keeps whatever scheduler the dispatcher runs.
    private async Task ReplyWhenReadyAsync<T>(uint token, ushort callType, ValueTask<T> reply, Action<uint, T> send)
    {
        try
        {
            var result = await reply.ConfigureAwait(true);
            SendReply(token, callType, result, send);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            FailReply(token, callType, error);
        }
    }

    // Nobody awaits a handler's reply but the binding, so its failure must be reported here or be lost; the caller
    // at the other end gets the error in place of the reply (a SharpfishException's code, else ProtocolViolation).
    private void FailReply(uint token, ushort callType, Exception error)
    {
        var context = $"{InterfaceName}: the handler failed to reply to call {token}";
        var failure = error is SharpfishException known
            ? known.Push(context)
            : new SharpfishException(ErrorCode.ProtocolViolation, $"{context}: {error.Message}", error);
        Report(failure);
        PostError(token, callType, failure.Code);
    }

    // A reply that cannot be encoded (a handler returned a String beyond its bound) or whose capabilities are refused
    // at once is the server's fault: report it, and answer the call with the error so that its caller does not wait.
    private void SendReply<T>(uint token, ushort callType, T result, Action<uint, T> send)
    {
        try
        {
            send(token, result);
        }
        catch (SharpfishException error)
        {
            Report(error.Push($"{InterfaceName}: the reply to call {token} cannot be sent"));
            PostError(token, callType, error.Code);
        }
    }

    // Answers call token with an error response in place of the reply that could not be sent or that the handler
    // failed to produce, behind whatever is queued. Invariant: every call the handler took gets exactly one answer,
    // its reply or this error (unless the binding closes, which fails the call at the other end too).
    private void PostError(uint token, ushort callType, ErrorCode code)
    {
        if (ClosedBecause is not null)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[ErrorResponse.Length];
        ErrorResponse.Write(bytes, callType, code);
        if (!_queue.IsEmpty || Fragments.Send(_sender, ErrorResponse.Type, token, bytes, 0) == 0)
        {
            _queue.Enqueue(ErrorResponse.Type, token, bytes, 0, completion: null);
        }
    }

    // An error response fails the call it answers with the error code the other end sent.
    private void ReceiveError(uint token, ReadOnlySpan<byte> bytes)
    {
        if (!ErrorResponse.TryRead(bytes, out var callType, out var code, out var problem) || _calls.Take(token, callType, out problem) is not { } call)
        {
            Report(new SharpfishException(ErrorCode.MalformedMessage, $"{InterfaceName}: an error response: {problem}"));
            return;
        }

        call.Fail(new SharpfishException(code, $"{InterfaceName}.{MessageName(callType)}: the other end could not send its reply"));
    }

    // Sends straight to the channel when nothing is queued, and queues whatever did not fit behind what is queued.
    // Returns the queued message's completion (if one was wanted), or null when the whole message went at once.
    // A message with capabilities sends them first (a refusal throws before anything is registered or sent); one
    // whose capabilities are still on their way waits in the queue at its gate, and the call it makes with it. Its
    // first fragment carries the capabilities flag: its capabilities wait for it at the receiver as one group.
    private PooledCompletion<RpcVoid>? Transmit(MessageWriter message, uint token, bool wantCompletion, IPendingCall? call = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var carries = message.HasCapabilities;
        var gate = carries ? SendCapabilities(message) : null;
        if (call is not null)
        {
            token = _calls.Add(call);
        }

        var aux = carries ? token | FragmentHeader.CapabilitiesFlag : token;
        var bytes = message.Message;
        var next = _queue.IsEmpty && gate is null ? Fragments.Send(_sender, message.Type, aux, bytes, 0) : 0;
        if (next == FragmentHeader.FragmentCount(bytes.Length))
        {
            return null;
        }

        var completion = wantCompletion ? _sendCompletions.Rent() : null;
        _queue.Enqueue(message.Type, aux, bytes, next, completion, gate);
        return completion;
    }

    private Task? SendCapabilities(MessageWriter message)
    {
        var sent = CapabilityTransfer!.Send(message.TakeCapabilities());
        return sent.IsCompletedSuccessfully ? null : sent;
    }

    // A queued message's capabilities could not go: the message was dropped (its capabilities stay with this end). A
    // call fails; a one-way message's sender learns it from its task; a reply (type = its call's + 1) is reported and
    // answered with an error response, so that its caller fails too.
    private void GateFailed(ushort type, uint aux, Exception error)
    {
        var failure = error as SharpfishException ?? new SharpfishException(ErrorCode.ProtocolViolation, error.Message, error);
        var token = FragmentHeader.Token(aux);
        if (token != 0 && _calls.Take(token, type, out _) is { } call)
        {
            call.Fail(failure);
        }
        else if (token != 0)
        {
            Report(failure.Push($"{InterfaceName}.{MessageName(type)}: its capabilities could not be sent"));
            PostError(token, (ushort)(type - 1), failure.Code);
        }
    }

    private void Receive(MessageHeader header, ref Payload payload)
    {
        if (FragmentHeader.IsContinuation(header))
        {
            var (inProgress, aux) = (_assembler.InProgress, _assembler.Aux);
            if (_assembler.Continue(header, ref payload, out var problem))
            {
                // Reset first, so that a handler that throws leaves no half-delivered message behind.
                var type = _assembler.Type;
                var message = _assembler.Message;
                _assembler.Reset();
                Deliver(type, aux, message);
            }
            else if (problem is not null)
            {
                if (inProgress)
                {
                    DropCapabilities(aux); // the fragment broke the message in progress
                }

                Report(Malformed(header.Type, problem));
            }

            return;
        }

        if (_assembler.InProgress)
        {
            DropCapabilities(_assembler.Aux);
            Report(Malformed(_assembler.Type, $"cut short after {_assembler.Received} of {_assembler.Length} bytes"));
        }

        _assembler.Reset();
        if (header.Type == ErrorResponse.Type)
        {
            DropCapabilities(header.Aux); // an error response carries none: whatever says it does goes
            ReceiveError(FragmentHeader.Token(header.Aux), Fragments.Bytes(ref payload));
            return;
        }

        var layout = Layout(header.Type);
        if (!layout.IsKnown)
        {
            _assembler.Drop();
            DropCapabilities(header.Aux);
            Report(new SharpfishException(ErrorCode.UnknownMessageType, $"{InterfaceName}: message type {header.Type} is not part of the interface"));
            return;
        }

        var bytes = Fragments.Bytes(ref payload);
        var length = layout.IsVariable ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : layout.MinLength;
        if (length < layout.MinLength || length > layout.MaxLength)
        {
            _assembler.Drop();
            DropCapabilities(header.Aux);
            Report(Malformed(header.Type, $"its length {length} is outside {layout.MinLength}..{layout.MaxLength}"));
        }
        else if (length <= Payload.Bytes)
        {
            Deliver(header.Type, header.Aux, bytes[..length]);
        }
        else
        {
            _assembler.Start(header.Type, header.Aux, length, ref payload);
        }
    }

    // The reader starts after a variable-size message's length prefix, at the first argument. The message's
    // capabilities are bracketed around its decoding: its stub takes only its own group, and a message that is not
    // delivered (malformed) takes its whole group with it.
    private void Deliver(ushort type, uint aux, ReadOnlySpan<byte> message)
    {
        var arguments = Layout(type).IsVariable ? message[sizeof(int)..] : message;
        var transfer = CapabilityTransfer;
        transfer?.BeginReceive(FragmentHeader.CarriesCapabilities(aux));
        var reader = new WireReader(arguments, type, transfer);
        try
        {
            Dispatch(type, FragmentHeader.Token(aux), ref reader);
        }
        finally
        {
            transfer?.EndReceive(delivered: reader.Problem is null);
        }

        if (reader.Problem is { } problem)
        {
            Report(Malformed(type, problem));
        }
    }

    // A message dropped before it was decoded takes the capabilities it says it carries with it.
    private void DropCapabilities(uint aux)
    {
        if (FragmentHeader.CarriesCapabilities(aux) && CapabilityTransfer is { } transfer)
        {
            transfer.BeginReceive(carriesCapabilities: true);
            transfer.EndReceive(delivered: false);
        }
    }

    private SharpfishException Malformed(ushort type, string problem) =>
        new(ErrorCode.MalformedMessage, $"{InterfaceName}.{MessageName(type)}: {problem}");

    private void Report(SharpfishException error) => Error?.Invoke(this, new BindingErrorEventArgs(error));
}
