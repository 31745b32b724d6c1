using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading;

namespace Sharpfish.Capabilities;

/// <summary>
/// The x86-64 four-level page-table format and its walk (what the MMU does): 512 eight-byte entries a table, each
/// present entry holding the physical address of the next table or, in a page table, of a 4 KiB page, with the
/// writable and no-execute bits. Tables live in the physical memory of their VNode capabilities (platform memory),
/// so any core's walk reads them as a hardware walker would; only <see cref="VNodeInvocations"/> writes them.
/// Entries are read and written whole with volatile accesses: a walk sees an entry before or after a change.
/// </summary>
public static unsafe class PageTables
{
    /// <summary>Entries in one table.</summary>
    public const int Entries = 512;

    /// <summary>Bytes of the lower (user) half of the 48-bit address space: what a domain may map.</summary>
    public const ulong UserTop = 1UL << 47;

    /// <summary>The entry maps something.</summary>
    public const ulong Present = 1;

    /// <summary>Writes are allowed.</summary>
    public const ulong Writable = 2;

    /// <summary>User mode may use it.</summary>
    public const ulong User = 4;

    /// <summary>Instruction fetches are not allowed.</summary>
    public const ulong NoExecute = 1UL << 63;

    /// <summary>The physical-address bits of an entry.</summary>
    public const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

    /// <summary>The level of a VNode type: 4 for the PML4 down to 1 for a page table; 0 for anything else.</summary>
    public static int LevelOf(ObjType type) => type switch
    {
        ObjType.VNodePml4 => 4,
        ObjType.VNodePdpt => 3,
        ObjType.VNodePd => 2,
        ObjType.VNodePt => 1,
        _ => 0,
    };

    /// <summary>The index into a level-<paramref name="level"/> table that <paramref name="va"/> uses.</summary>
    public static int IndexOf(ulong va, int level) => (int)((va >> (12 + (9 * (level - 1)))) & (Entries - 1));

    /// <summary>An entry mapping a page at <paramref name="physical"/> with <paramref name="rights"/> (Read implied).</summary>
    public static ulong LeafEntry(ulong physical, CapRights rights) =>
        (physical & AddressMask) | Present | User | ((rights & CapRights.Write) != 0 ? Writable : 0) | ((rights & CapRights.Execute) != 0 ? 0 : NoExecute);

    /// <summary>An entry pointing at a next-level table (all rights: the leaf decides).</summary>
    public static ulong TableEntry(ulong physical) => (physical & AddressMask) | Present | User | Writable;

    /// <summary>The rights a present leaf entry grants.</summary>
    public static CapRights RightsOf(ulong entry) =>
        (entry & Present) == 0 ? CapRights.None
            : CapRights.Read | ((entry & Writable) != 0 ? CapRights.Write : 0) | ((entry & NoExecute) != 0 ? 0 : CapRights.Execute);

    /// <summary>Entry <paramref name="index"/> of the table at <paramref name="table"/> (any core: memory read).</summary>
    public static ulong Read(ulong table, int index) => Volatile.Read(ref *(ulong*)(table + ((ulong)index * 8)));

    /// <summary>Writes entry <paramref name="index"/> of the table at <paramref name="table"/>.</summary>
    internal static void Write(ulong table, int index, ulong entry) => Volatile.Write(ref *(ulong*)(table + ((ulong)index * 8)), entry);

    /// <summary>Zeroes the table at <paramref name="table"/> (a new VNode).</summary>
    internal static void Clear(ulong table) => new Span<byte>((void*)table, Entries * 8).Clear();

    /// <summary>Walks from the PML4 at <paramref name="pml4"/> to the leaf entry of <paramref name="va"/>; 0 when a
    /// level on the way is not present (any core: this is the MMU's walk, memory reads only).</summary>
    public static ulong Walk(ulong pml4, ulong va)
    {
        var table = pml4;
        for (var level = 4; level >= 1; level--)
        {
            var entry = Read(table, IndexOf(va, level));
            if ((entry & Present) == 0 || level == 1)
            {
                return entry & ((entry & Present) != 0 ? ulong.MaxValue : 0);
            }

            table = entry & AddressMask;
        }

        return 0;
    }

    /// <summary>A hash of every present entry reachable from the PML4 at <paramref name="pml4"/>: equal digests mean
    /// the tables did not change (how the tests check that a refused operation changed nothing).</summary>
    public static string Digest(ulong pml4)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, pml4, 4);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, ulong table, int level)
    {
        Span<byte> buffer = stackalloc byte[12];
        for (var i = 0; i < Entries; i++)
        {
            var entry = Read(table, i);
            if ((entry & Present) == 0)
            {
                continue;
            }

            BinaryPrimitives.WriteInt32LittleEndian(buffer, (level * Entries) + i);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[4..], entry);
            hash.AppendData(buffer);
            if (level > 1)
            {
                Append(hash, entry & AddressMask, level - 1);
            }
        }
    }
}
