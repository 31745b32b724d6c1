using Sharpfish.Domains;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Monitors;

/// <summary>
/// One replica of the domain table against a reference kept here as a plain list of rows: a per-core domain is held
/// as one entry for every core, and must still read as one row per core, in domain-id order, each changing alone.
/// </summary>
public class DomainTableTests
{
    private const int Cores = 4;

    [Fact]
    public void A_domain_on_every_core_reads_as_a_row_per_core_and_each_row_changes_alone()
    {
        var table = new DomainTable(Cores);
        var reference = new SortedDictionary<uint, DomainRow>();
        var txn = 0UL;
        void Commit(TableChange change)
        {
            Assert.True(table.Prepare(++txn, change), $"{change} was refused");
            table.Decide(txn, change, commit: true);
        }

        Commit(new TableChange(DomainChange.ChangeSpawned, Identifiers.Domain(0, 3), 0, 0, "nameservice"));
        Commit(new TableChange(DomainChange.ChangeSpawnedOnEveryCore, 1, 0, 0, "spawnd"));
        Commit(new TableChange(DomainChange.ChangeSpawned, Identifiers.Domain(2, 2), 2, 0, "hello"));
        Commit(new TableChange(DomainChange.ChangeExited, Identifiers.Domain(2, 1), 2, 7, ""));
        reference[Identifiers.Domain(0, 3)] = new DomainRow(Identifiers.Domain(0, 3), "nameservice", 0, [0], DomainState.Running, 0);
        for (var core = 0; core < Cores; core++)
        {
            reference[Identifiers.Domain(core, 1)] = new DomainRow(Identifiers.Domain(core, 1), "spawnd", core, [core], core == 2 ? DomainState.Exited : DomainState.Running, core == 2 ? 7 : 0);
        }

        reference[Identifiers.Domain(2, 2)] = new DomainRow(Identifiers.Domain(2, 2), "hello", 2, [2], DomainState.Running, 0);

        Assert.Equal(reference.Keys, table.Rows.Select(r => r.Domain));
        foreach (var (id, expected) in reference)
        {
            var row = table.Find(id)!;
            Assert.Equal((expected.Name, expected.Home, expected.State, expected.ExitCode), (row.Name, row.Home, row.State, row.ExitCode));
            Assert.Equal(expected.Cores, row.Cores);
        }

        Assert.Null(table.Find(Identifiers.Domain(Cores, 1))); // no such core
        Assert.Null(table.Find(Identifiers.Domain(1, 2)));
        Assert.False(table.Prepare(++txn, new TableChange(DomainChange.ChangeSpawnedOnEveryCore, 1, 0, 0, "spawnd")), "a number is made on every core once");
        Assert.False(table.Prepare(++txn, new TableChange(DomainChange.ChangeExited, Identifiers.Domain(2, 1), 2, 0, "")), "an ended domain does not end twice");
    }
}
