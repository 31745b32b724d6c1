using Sharpfish.Platform;
using Sharpfish.Platform.Memory;
using Xunit;

namespace Sharpfish.Tests.Platform;

public class RegionAllocatorTests
{
    [Fact]
    public void Blocks_are_aligned_zeroed_reused_and_every_chunk_is_returned()
    {
        var live = new Dictionary<nint, long>();
        var allocator = new RegionAllocator(
            (_, bytes) =>
            {
                var address = TestMemory.Allocate(bytes);
                live[address] = bytes;
                return address;
            },
            (address, _) =>
            {
                Assert.True(live.Remove(address));
                TestMemory.Free(address);
            });

        var a = allocator.Allocate(node: 0, 100);
        var b = allocator.Allocate(node: 1, 64);
        var big = allocator.Allocate(node: 0, 200_000);
        Assert.Equal(128, a.Length);
        Assert.Equal(64, b.Length);
        Assert.Equal(0, a.Address % MemoryRegion.CacheLine);
        Assert.Equal(0, big.Address % 4096);
        Assert.Equal(128 + 64 + 200_704, allocator.BytesInUse);

        TestMemory.Fill(a, 0xAB);
        allocator.Free(a);
        var again = allocator.Allocate(node: 0, 128);
        Assert.Equal(a.Address, again.Address);
        Assert.True(TestMemory.IsZero(again), "a reused block was not zeroed");

        allocator.Free(big);
        Assert.Equal(2, live.Count); // the node 0 and node 1 chunks
        allocator.Dispose();
        Assert.Empty(live);
    }

    private static unsafe class TestMemory
    {
        public static nint Allocate(long bytes) => (nint)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)bytes, 4096);

        public static void Free(nint address) => System.Runtime.InteropServices.NativeMemory.AlignedFree((void*)address);

        public static void Fill(MemoryRegion region, byte value) => new Span<byte>((void*)region.Address, (int)region.Length).Fill(value);

        public static bool IsZero(MemoryRegion region) => !new Span<byte>((void*)region.Address, (int)region.Length).ContainsAnyExcept((byte)0);
    }
}
