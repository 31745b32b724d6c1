using CsCheck;
using Sharpfish.Capabilities;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>The mapping database's tree against a sorted list: order, neighbours and range queries.</summary>
public class MappingDatabaseTests
{
    [Fact]
    public void Tree_queries_match_a_sorted_list() =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 63], Gen.Int[0, 5], Gen.Int[0, 3]).Array[1, 300].Sample(ops =>
        {
            var mdb = new MappingDatabase();
            var list = new List<Cte>();
            long sequence = 0;
            foreach (var (op, page, bits, kind) in ops)
            {
                if (op < 2 || list.Count == 0)
                {
                    var type = kind switch { 0 => ObjType.Ram, 1 => ObjType.Frame, 2 => ObjType.PhysAddr, _ => ObjType.Kernel };
                    var cap = type == ObjType.Kernel ? new Capability(type, 0, 0, CapRights.All) : new Capability(type, (ulong)page * 4096, 4096UL << bits, CapRights.All);
                    var entry = new Cte(cap, ++sequence, null, 0);
                    mdb.Insert(entry);
                    list.Add(entry);
                }
                else
                {
                    var victim = list[page % list.Count];
                    Assert.True(mdb.Remove(victim));
                    list.Remove(victim);
                }

                list.Sort(MappingDatabase.Compare);
                if (list.Count == 0)
                {
                    Assert.Equal(0, mdb.Count);
                    continue;
                }

                Assert.Equal(list, mdb.InOrder());
                Assert.Equal(list.Count, mdb.Count);
                var probe = list[page % list.Count];
                var at = list.IndexOf(probe);
                Assert.Same(at > 0 ? list[at - 1] : null, mdb.Predecessor(probe));
                Assert.Same(at < list.Count - 1 ? list[at + 1] : null, mdb.Successor(probe));
                Assert.Equal(list.Any(e => e != probe && e.Cap.IsCopyOf(probe.Cap)), mdb.HasCopies(probe));
                var low = (ulong)page * 2048;
                var high = low + (4096UL << bits);
                Assert.Equal(list.Where(e => e.Cap.Base < high && e.Cap.End > low), mdb.Overlapping(low, high));
                Assert.Same(list.FirstOrDefault(e => e.Cap.Base < high && e.Cap.End > low && e.Cap.IsDescendantOf(probe.Cap)),
                    mdb.FirstOverlapping(low, high, static (e, p) => e.Cap.IsDescendantOf(p), probe.Cap));
            }
        }, iter: 200, threads: 1);
}
