using CsCheck;
using Sharpfish.Capabilities;
using Sharpfish.Domains.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Services.Programs;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// mem_serv's allocator on one core's capability database, with random allocations in random windows and frees:
/// blocks are aligned, inside their window and disjoint; what the free lists hold plus what is handed out is the
/// pool; the CPU driver agrees on what is in use; everything comes back. Hundreds of live blocks make the server
/// grow its CSpace with L2 CNodes carved from the pool. The server works in a domain CSpace of its own (kernel memory
/// outside the pool); a client gives a block back as a copy of the server's that arrives in a receive slot.
/// </summary>
public class MemServerTests
{
    private const ulong Base = 0x100_0000;
    private const ulong PoolBytes = 1 << 22;
    private const ulong KernelMemory = 0x80_0000;

    private static (CapabilityInvocations Db, MemServer Server) Serve()
    {
        var db = new CapabilityInvocations(-1);
        var boot = db.Boot([(Base, PoolBytes + RetypeTable.L2CNodeBytes)]);
        return (db, new MemServer(db, boot, db.CreateDomainCSpace(KernelMemory), new SlotAllocator()));
    }

    /// <summary>An allocation; without a monitor in the way it completes at once.</summary>
    private static AllocateResponse Allocate(MemServer server, MemSession session, byte bits, ulong minbase, ulong maxlimit)
    {
        var allocation = server.AllocateAsync(session, bits, minbase, maxlimit);
        return allocation.IsCompletedSuccessfully ? allocation.Result : throw new InvalidOperationException("an allocation waited");
    }

    /// <summary>What a client does to free: its copy of <paramref name="ram"/> arrives in a receive slot of the server.</summary>
    private static ErrorCode GiveBack(CapabilityInvocations db, MemServer server, MemSession session, CapRef ram)
    {
        var arrived = new CapRef[1];
        var err = db.Give(server.CSpace, [(ram, false)], server.CSpace, arrived);
        return err == ErrorCode.Ok ? server.Free(session, arrived[0]) : ErrorCode.NotHandedOut;
    }

    [Fact]
    public void Allocations_are_aligned_disjoint_and_all_come_back()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Int[12, 18], Gen.Int[0, 1 << 22], Gen.Int[0, 1000]).Array[1, 600].Sample(ops =>
        {
            var (db, server) = Serve();
            var session = server.Open();
            var live = new List<(CapRef Ram, ulong Base, ulong Bytes)>();
            Assert.Equal(PoolBytes, server.FreeBytes); // the server's root CNode is kernel memory, not the pool's
            foreach (var (op, bits, low, pick) in ops)
            {
                if (op > 0 || live.Count == 0)
                {
                    var minbase = op == 3 ? Base + (ulong)low : 0;
                    var maxlimit = op == 3 ? minbase + (PoolBytes / 2) : ulong.MaxValue;
                    var size = pick % 4 == 0 ? bits : 12; // mostly pages, so hundreds stay live
                    var (err, ram, b) = Allocate(server, session, (byte)size, minbase, maxlimit);
                    if (err == ErrorCode.Ok)
                    {
                        var bytes = 1UL << size;
                        Assert.Equal(0UL, b % bytes);
                        Assert.True(b >= minbase && b + bytes <= maxlimit, $"0x{b:x} outside the window");
                        Assert.DoesNotContain(live, l => l.Base < b + bytes && b < l.Base + l.Bytes);
                        live.Add((ram, b, bytes));
                    }
                    else
                    {
                        Assert.Equal(ErrorCode.OutOfPhysicalMemory, err);
                    }
                }
                else
                {
                    var victim = live[pick % live.Count];
                    live.Remove(victim);
                    Assert.Equal(ErrorCode.Ok, GiveBack(db, server, session, victim.Ram));
                    Assert.Equal(ErrorCode.NotHandedOut, GiveBack(db, server, session, victim.Ram));
                }

                var handed = live.Aggregate(0UL, (s, l) => s + l.Bytes);
                var overhead = db.RamInUse() - handed; // the L2 CNodes the server made for its slots
                Assert.Equal(0UL, overhead % RetypeTable.L2CNodeBytes);
                Assert.Equal(PoolBytes, server.FreeBytes + handed + overhead);
                Assert.Equal(PoolBytes - overhead, server.TotalBytes);
            }

            foreach (var (ram, _, _) in live)
            {
                Assert.Equal(ErrorCode.Ok, GiveBack(db, server, session, ram));
            }

            Assert.Equal(PoolBytes, server.FreeBytes + db.RamInUse());
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Many_live_blocks_make_the_server_grow_its_cspace_and_the_accounting_holds()
    {
        var (db, server) = Serve();
        var session = server.Open();
        var blocks = new List<CapRef>();
        ulong overhead = 0;
        while (overhead == 0)
        {
            var (err, ram, _) = Allocate(server, session, 12, 0, ulong.MaxValue);
            Assert.True(err == ErrorCode.Ok, $"ran out after {blocks.Count} pages without the server growing its CSpace");
            blocks.Add(ram);
            overhead = db.RamInUse() - ((ulong)blocks.Count << 12);
        }

        Assert.Equal(0UL, overhead % RetypeTable.L2CNodeBytes);
        Assert.Equal(PoolBytes, server.FreeBytes + ((ulong)blocks.Count << 12) + overhead);
        blocks.ForEach(h => Assert.Equal(ErrorCode.Ok, GiveBack(db, server, session, h)));
        Assert.Equal(PoolBytes, server.FreeBytes + db.RamInUse());
    }

    [Fact]
    public void A_free_block_straddling_the_window_gives_an_aligned_piece_that_fits()
    {
        var (db, server) = Serve();
        var session = server.Open();
        var low = Base + (PoolBytes / 2) + 0x5000; // inside one large free block, nowhere near its start or end
        var (err, handle, b) = Allocate(server, session, 12, low, low + 0x2000);
        Assert.Equal(ErrorCode.Ok, err);
        Assert.Equal(low, b);
        var (err2, _, b2) = Allocate(server, session, 13, low - 0x1000, low + 0x4000); // 8 KiB aligned inside a 20 KiB window
        Assert.Equal(ErrorCode.Ok, err2);
        Assert.True(b2 % 0x2000 == 0 && b2 >= low - 0x1000 && b2 + 0x2000 <= low + 0x4000 && (b2 >= low + 0x1000 || b2 + 0x2000 <= low), $"0x{b2:x}");
        Assert.Equal(ErrorCode.Ok, GiveBack(db, server, session, handle));
        Assert.Equal(PoolBytes, server.FreeBytes + db.RamInUse()); // the 8 KiB block in use
    }
}
