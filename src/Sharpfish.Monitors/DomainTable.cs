using System.Globalization;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Monitors;

/// <summary>
/// One monitor's replica of the domain table: which domains exist, where they run, how they ended. Changed only by
/// committed <see cref="TableChange"/>s, which every replica applies in the order the domain's home decided, so all
/// replicas hold the same rows (<see cref="Digest"/> tells). A row a transaction has prepared is locked until it
/// decides; a second transaction on it votes no and its coordinator tries again. A per-core system domain (spawnd)
/// is one row per core, held as one entry for all cores until a core's row changes, so a replica of a
/// thousand-core machine does not store a thousand rows per such program.
/// </summary>
/// <param name="cores">Cores of the machine (a change for every core covers them all).</param>
public sealed class DomainTable(int cores)
{
    private readonly SortedDictionary<uint, DomainRow> _rows = [];
    private readonly SortedDictionary<int, string> _onEveryCore = []; // number -> program; running where _rows has no row
    private readonly Dictionary<uint, ulong> _locks = [];

    /// <summary>The rows, by domain id.</summary>
    public IEnumerable<DomainRow> Rows
    {
        get
        {
            using var changed = _rows.Values.GetEnumerator();
            var more = changed.MoveNext();
            foreach (var id in OnEveryCoreIds())
            {
                for (; more && changed.Current.Domain <= id; more = changed.MoveNext())
                {
                    yield return changed.Current;
                }

                if (!_rows.ContainsKey(id))
                {
                    yield return OnEveryCore(id)!;
                }
            }

            for (; more; more = changed.MoveNext())
            {
                yield return changed.Current;
            }
        }
    }

    /// <summary>The row of <paramref name="domain"/>, or null.</summary>
    public DomainRow? Find(uint domain) => _rows.GetValueOrDefault(domain) ?? OnEveryCore(domain);

    /// <summary>Whether <paramref name="change"/> may be applied now: Ok, or why not. Does not lock.</summary>
    public ErrorCode Check(TableChange change)
    {
        if (change.Kind == DomainChange.ChangeSpawnedOnEveryCore)
        {
            var number = (int)change.Domain;
            return _onEveryCore.ContainsKey(number) || _rows.Keys.Any(id => Identifiers.NumberOf(id) == number) ? ErrorCode.ProtocolViolation : ErrorCode.Ok;
        }

        var row = Find(change.Domain);
        return change.Kind switch
        {
            DomainChange.ChangeSpawned => row is null ? ErrorCode.Ok : ErrorCode.ProtocolViolation,
            _ when row is null => ErrorCode.UnknownDomain,
            _ when row.State != DomainState.Running => ErrorCode.DomainEnded,
            DomainChange.ChangeSpanned when row.Cores.Contains(change.Core) => ErrorCode.ProtocolViolation,
            _ => ErrorCode.Ok,
        };
    }

    /// <summary>Prepares a transaction: votes yes (and locks the row) when the change may be applied and no other
    /// transaction holds the row.</summary>
    public bool Prepare(ulong txn, TableChange change)
    {
        if (Check(change) != ErrorCode.Ok || (_locks.TryGetValue(change.Domain, out var holder) && holder != txn))
        {
            return false;
        }

        _locks[change.Domain] = txn;
        return true;
    }

    /// <summary>Ends a transaction: applies the change if it committed, and unlocks the row if this transaction
    /// held it.</summary>
    public void Decide(ulong txn, TableChange change, bool commit)
    {
        if (_locks.TryGetValue(change.Domain, out var holder) && holder == txn)
        {
            _locks.Remove(change.Domain);
        }

        if (commit)
        {
            Apply(change);
        }
    }

    /// <summary>A digest of every row: equal digests, equal replicas.</summary>
    public ulong Digest()
    {
        var hash = 14695981039346656037UL;
        foreach (var line in Lines())
        {
            foreach (var c in line)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        return hash;
    }

    /// <summary>The table as text, a tab-separated line per domain (monitor.if's <c>domains</c>).</summary>
    public string Text() => string.Concat(Lines().Select(l => l + "\n"));

    private IEnumerable<string> Lines() => Rows.Select(r => string.Join('\t',
        r.Domain.ToString("x", CultureInfo.InvariantCulture),
        r.Name,
        r.Home.ToString(CultureInfo.InvariantCulture),
        CpuList.Format(r.Cores),
        r.State.ToString().ToLowerInvariant(),
        r.ExitCode.ToString(CultureInfo.InvariantCulture)));

    private void Apply(TableChange change)
    {
        if (change.Kind == DomainChange.ChangeSpawnedOnEveryCore)
        {
            _onEveryCore[(int)change.Domain] = change.Name;
            return;
        }

        var row = Find(change.Domain);
        _rows[change.Domain] = change.Kind switch
        {
            DomainChange.ChangeSpawned => new DomainRow(change.Domain, change.Name, change.Core, [change.Core], DomainState.Running, 0),
            DomainChange.ChangeSpanned => row! with { Cores = row.Cores.Add(change.Core) },
            DomainChange.ChangeExited => row! with { State = DomainState.Exited, ExitCode = change.ExitCode },
            DomainChange.ChangeKilled => row! with { State = DomainState.Killed, ExitCode = change.ExitCode },
            _ => row! with { State = DomainState.Faulted, ExitCode = change.ExitCode },
        };
    }

    /// <summary>The per-core domains' ids in order: every core's, core by core.</summary>
    private IEnumerable<uint> OnEveryCoreIds() =>
        Enumerable.Range(0, _onEveryCore.Count == 0 ? 0 : cores).SelectMany(core => _onEveryCore.Keys.Select(number => Identifiers.Domain(core, number)));

    /// <summary>The row of a per-core domain as it was made (running), or null if the id names none.</summary>
    private DomainRow? OnEveryCore(uint domain)
    {
        var core = Identifiers.HomeOf(domain);
        return core < cores && _onEveryCore.TryGetValue(Identifiers.NumberOf(domain), out var name)
            ? new DomainRow(domain, name, core, [core], DomainState.Running, 0)
            : null;
    }
}
