using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Interfaces.PingPong;
using Sharpfish.Services.Programs;
using Sharpfish.Transports;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// The programs of <see cref="CapTransferTests"/>. <c>sharer MODE</c> serves ping_pong's <c>share</c> and <c>pair</c>
/// as <c>sharer.MODE</c>: it checks that the frames arrived in its CSpace, and (mode <c>copy</c>) answers a share with a
/// copy it gives away, then deletes what it got; mode <c>hoard</c> keeps every frame and answers with no
/// capability; <c>describe "receive slots"</c> answers how many of the sharer's receive slots hold a capability.
/// <c>sharecli SERVER-CORE MODE</c> gets a page from mem_serv on its core, retypes it into a frame and shares it with
/// <c>sharer.MODE</c>, checking what comes back, what the sender keeps and every refusal; mode <c>storm</c> shares
/// forever (to be killed with capabilities on the way); mode <c>full</c> (with <c>sharer.copy</c>) fills its own
/// CSpace until a reply's capability cannot reach it; mode <c>drop</c> (with <c>sharer.copy</c>) sends one share
/// broken, as a message type ping_pong lacks, after its capability went ahead.
/// </summary>
internal static class CapTransferPrograms
{
    /// <summary>Frames a hoarder can keep: its 127 slots of its own (a frame that arrives is moved into one), then the
    /// 128 receive slots, where frames stay once it has no slot of its own left.</summary>
    private const int HoarderRoom = (CSpace.FirstReceiveSlot - 1) + (256 - CSpace.FirstReceiveSlot);

    public static Module Sharer { get; } = new("sharer", "serves ping_pong share as sharer.MODE", async context =>
    {
        var handler = new Sharing(context, context.Arguments[0]);
        var iref = await context.ExportAsync((tx, rx) => new PingPongBinding(tx, rx, handler));
        await context.RegisterAsync($"sharer.{context.Arguments[0]}", iref);
        return await new TaskCompletionSource<int>().Task;
    });

    public static Module Client { get; } = new("sharecli", "shares a frame with a sharer and checks what moves", async context =>
    {
        var caps = context.Cpu.Caps;
        var mode = context.Arguments[1];
        var frame = await FrameAsync(context);
        Expect(caps.Identify(context.CSpace, frame, out var original) == ErrorCode.Ok, "the frame is in the client's CSpace");
        var iref = await context.LookupAsync($"sharer.{(mode is "storm" or "full" or "drop" ? "copy" : mode)}", wait: true);
        var breaking = default(Breaking);
        var sharer = await context.BindAsync(iref, (tx, rx) => new PingPongBinding(mode == "drop" ? breaking = new Breaking(tx) : tx, rx, new Sharing(context, "client")));
        switch (mode)
        {
            case "copy":
                var copy = await sharer.ShareAsync(frame);
                Expect(caps.Identify(context.CSpace, copy, out var got) == ErrorCode.Ok && got.IsCopyOf(original) && copy.RootSlot < CSpace.FirstReceiveSlot,
                    $"the sharer's copy arrived, moved into a slot of the client's own ({copy})");
                Expect(caps.Identify(context.CSpace, frame, out _) == ErrorCode.Ok, "a cap argument is copied: the client keeps its frame");
                Expect(await sharer.EchoAsync(0) == 1, "a give_away_cap leaves the sharer's slot empty");
                Expect(caps.Delete(context.CSpace, copy) == ErrorCode.Ok, "delete the copy");
                context.Slots.Release(copy);
                Expect(await Refused(() => sharer.ShareAsync(CapRef.Root(100))) == ErrorCode.SlotEmpty, "an empty slot is refused");
                Expect(await Refused(() => sharer.ShareAsync(new CapRef(7UL << 56))) == ErrorCode.InvalidCapRef, "a malformed CapRef is refused");
                var noGrant = context.Slots.Allocate();
                Expect(caps.Mint(context.CSpace, frame, noGrant, CapRights.Read | CapRights.Identify) == ErrorCode.Ok, "mint without grant");
                Expect(await Refused(() => sharer.ShareAsync(noGrant)) == ErrorCode.MissingRights, "a capability without the grant right is refused");
                Expect(caps.Identify(context.CSpace, noGrant, out _) == ErrorCode.Ok, "a refused capability stays with the sender");
                var extra = context.Slots.Allocate();
                Expect(caps.Copy(context.CSpace, frame, extra) == ErrorCode.Ok, "copy the frame");
                Expect(await PairOutcome(() => sharer.PairAsync(frame, noGrant)) == ErrorCode.MissingRights, "two capabilities go all or none");
                Expect(caps.Identify(context.CSpace, noGrant, out _) == ErrorCode.Ok, "a refused give-away stays with the sender");
                Expect(await sharer.PairAsync(frame, extra) == 2, "two capabilities in one message both arrive");
                Expect(caps.Identify(context.CSpace, extra, out _) == ErrorCode.SlotEmpty, "the one given away left the client");
                break;
            case "hoard":
                for (var i = 0; i < HoarderRoom; i++)
                {
                    Expect(await sharer.ShareAsync(frame) == CapRef.Null, "the hoarder answers with no capability");
                }

                Expect(await Refused(() => sharer.ShareAsync(frame)) == ErrorCode.CSpaceFull, "a full receiver is refused");
                Expect(await sharer.EchoAsync(0) == HoarderRoom, "the hoarder got one frame a call, no more");
                break;
            case "full":
                while (context.Slots.TryAllocate(out _))
                {
                    // no slot of the client's own left: what arrives from now on stays in its receive slots
                }

                var kept = 0;
                ErrorCode full;
                while ((full = await Refused(() => sharer.ShareAsync(frame))) == ErrorCode.Ok)
                {
                    kept++;
                }

                Expect(full == ErrorCode.CSpaceFull && kept == 256 - CSpace.FirstReceiveSlot,
                    $"a reply whose capability cannot reach the full client fails the call with CSpaceFull (got {full} after {kept} replies)");
                Expect(await sharer.EchoAsync(0) == 0, "the capability that could not go stays with the sharer");
                break;
            case "drop":
                var readOnly = context.Slots.Allocate();
                Expect(caps.Mint(context.CSpace, frame, readOnly, CapRights.Read | CapRights.Grant | CapRights.Identify) == ErrorCode.Ok, "mint a read-only frame");
                breaking!.Armed = true;
                var broken = sharer.ShareAsync(readOnly).AsTask(); // dropped by the sharer: nobody answers it
                var answer = await sharer.ShareAsync(frame);
                Expect(caps.Identify(context.CSpace, answer, out var answered) == ErrorCode.Ok && answered.Rights == original.Rights,
                    $"the sharer answered with a copy of this message's capability, not of the dropped one's ({answered.Rights})");
                Expect(!broken.IsCompleted, "the broken share is never answered");
                var (_, used, _) = await sharer.DescribeAsync("receive slots");
                Expect(used == "0", $"the dropped message's capability was deleted: no receive slot of the sharer is left taken ({used})");
                break;
            default:
                while (true)
                {
                    var shared = await sharer.ShareAsync(frame);
                    Expect(caps.Delete(context.CSpace, shared) == ErrorCode.Ok, "delete the copy");
                    context.Slots.Release(shared);
                }
        }

        Expect(caps.Identify(context.CSpace, frame, out var still) == ErrorCode.Ok && still == original, "the client still holds its frame");
        context.WriteLine($"sharecli {mode} ok");
        return 0;
    });

    /// <summary>A page from mem_serv on this core, retyped into a frame in a slot of the client's own.</summary>
    private static async Task<CapRef> FrameAsync(DomainContext context)
    {
        var mem = await context.BindAsync(await context.LookupAsync(SystemModules.MemServName(context.CoreId), wait: true), (tx, rx) => new MemBinding(tx, rx, new MemClient()));
        var (err, ram, _) = await mem.AllocateAsync(12, 0, ulong.MaxValue);
        Expect(err == ErrorCode.Ok, $"allocate: {err}");
        var frame = context.Slots.Allocate();
        Expect(context.Cpu.Caps.Retype(context.CSpace, ram, ObjType.Frame, 0, 4096, 1, CapRef.Null, frame.RootSlot) == ErrorCode.Ok, "retype the page into a frame");
        return frame;
    }

    /// <summary>What a call answered (as <paramref name="answered"/> reads it), or the code of the error it was
    /// refused with, at once or later.</summary>
    internal static async Task<ErrorCode> Outcome<T>(Func<ValueTask<T>> call, Func<T, ErrorCode> answered)
    {
        try
        {
            return answered(await call());
        }
        catch (SharpfishException e)
        {
            return e.Code;
        }
    }

    private static Task<ErrorCode> Refused(Func<ValueTask<CapRef>> call) => Outcome(call, _ => ErrorCode.Ok);

    private static Task<ErrorCode> PairOutcome(Func<ValueTask<uint>> call) => Outcome(call, _ => ErrorCode.Ok);

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, $"captransfer: {what}");
        }
    }

    /// <summary>The sharer's handler: share and echo (the client's binding gets one too, never called).</summary>
    private sealed class Sharing(DomainContext context, string mode) : IPingPongHandler
    {
        private CapRef _given;
        private int _hoarded;

        public ValueTask<CapRef> ShareAsync(CapRef frame)
        {
            var caps = context.Cpu.Caps;
            Expect(caps.Identify(context.CSpace, frame, out var cap) == ErrorCode.Ok && cap.Type == ObjType.Frame,
                $"the frame arrived in the sharer's CSpace ({frame})");
            if (mode == "hoard")
            {
                _hoarded++;
                return ValueTask.FromResult(CapRef.Null);
            }

            if (_given != CapRef.Null)
            {
                context.Slots.Release(_given); // given away with the last answer
            }

            _given = context.Slots.Allocate();
            Expect(caps.Copy(context.CSpace, frame, _given) == ErrorCode.Ok && caps.Delete(context.CSpace, frame) == ErrorCode.Ok, "keep a copy, drop what arrived");
            context.Slots.Release(frame);
            return ValueTask.FromResult(_given);
        }

        // Both capabilities arrived as frames in the sharer's CSpace: it drops them and says how many came.
        public ValueTask<uint> PairAsync(CapRef first, CapRef second)
        {
            foreach (var frame in new[] { first, second })
            {
                Expect(context.Cpu.Caps.Identify(context.CSpace, frame, out var cap) == ErrorCode.Ok && cap.Type == ObjType.Frame, $"a frame of the pair arrived ({frame})");
                Expect(context.Cpu.Caps.Delete(context.CSpace, frame) == ErrorCode.Ok, "drop it");
                context.Slots.Release(frame);
            }

            return ValueTask.FromResult(2U);
        }

        // After a share in copy mode: 1 when the copy given away left its slot. In hoard mode: frames kept.
        public ValueTask<ulong> EchoAsync(ulong value)
        {
            if (mode == "hoard")
            {
                return ValueTask.FromResult((ulong)_hoarded);
            }

            var gone = context.Cpu.Caps.Identify(context.CSpace, _given, out _) == ErrorCode.SlotEmpty;
            return ValueTask.FromResult(gone ? 1UL : 0UL);
        }

        public void Init() => throw NotUsed();

        public void Ping(ulong value) => throw NotUsed();

        public void Pong(ulong value) => throw NotUsed();

        public void Stop() => throw NotUsed();

        public void Integers(byte u8, ushort u16, uint u32, ulong u64, sbyte i8, short i16, int i32, long i64, int legacy) => throw NotUsed();

        public void Words(nuint up, nint ip, ulong sz, byte ch, bool flag, uint service, ErrorCode err, uint core, ulong addr) => throw NotUsed();

        public void Composite(Stamp s, Quad q, Colour c) => throw NotUsed();

        public void Text(uint tag, string s) => throw NotUsed();

        public void Bytes(uint tag, ReadOnlyMemory<byte> data) => throw NotUsed();

        public void Records(ReadOnlyMemory<Stamp> list, ReadOnlyMemory<bool> flags, ReadOnlyMemory<Colour> colours) => throw NotUsed();

        public ValueTask<OutoforderResponse> OutoforderAsync(ulong seqIn, ulong testin) => throw NotUsed();

        // How many of the sharer's receive slots hold a capability.
        public ValueTask<DescribeResponse> DescribeAsync(string name)
        {
            var used = 0;
            for (var slot = CSpace.FirstReceiveSlot; slot < context.CSpace.RootSlots; slot++)
            {
                used += context.Cpu.Caps.Identify(context.CSpace, CapRef.Root(slot), out _) == ErrorCode.Ok ? 1 : 0;
            }

            return ValueTask.FromResult(new DescribeResponse(ErrorCode.Ok, used.ToString(System.Globalization.CultureInfo.InvariantCulture), name == "receive slots"));
        }

        public ValueTask<ChecksumResponse> ChecksumAsync(ReadOnlyMemory<byte> data) => throw NotUsed();

        public ValueTask ResetAsync() => throw NotUsed();

        private static NotSupportedException NotUsed() => new("not part of the capability transfer tests");
    }

    /// <summary>Sends the next share call, once <see cref="Armed"/>, as message type 999, which ping_pong lacks
    /// (capability flag and all): a broken message whose capability went ahead of it.</summary>
    private sealed class Breaking(IChannelSender sender) : IChannelSender
    {
        private const ushort ShareCall = 21; // ping_pong's share_call

        public bool Armed { get; set; }

        public bool HasSpace => sender.HasSpace;

        public bool TrySend(MessageHeader header, in Payload payload)
        {
            var breaks = Armed && header.Type == ShareCall;
            var sent = sender.TrySend(breaks ? header with { Type = 999 } : header, payload);
            Armed &= !(breaks && sent);
            return sent;
        }
    }
}
