using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Sharpfish.Runtime.Flounder;

namespace Sharpfish.Monitors;

/// <summary>
/// Two-phase commit of domain-table changes over the multicast routes of the SKB (paper §4.7): the coordinator (the domain's home
/// monitor) sends prepare down the tree; every monitor checks the change against its replica and locks the row;
/// votes come back up, each aggregation core answering for its subtree; the decision goes down, every replica
/// applies it and unlocks, and acknowledgements come back up. A transaction that finds the row locked by another
/// aborts, and its coordinator tries again, so concurrent changes of one domain are applied in one order everywhere.
/// </summary>
internal sealed class Agreement(Monitor monitor)
{
    private const int MaxAttempts = 1000;
    private const long RetryNs = 2_000;

    private readonly Dictionary<ulong, Transaction> _transactions = [];
    private ulong _next;
    private int _coordinating;
    private TaskCompletionSource? _idle;

    /// <summary>Transactions under way on this core.</summary>
    public int InFlight => _transactions.Count;

    /// <summary>Set while the system halts: no new transaction starts here.</summary>
    public bool Closed { get; private set; }

    /// <summary>Stops new transactions and completes once those this core coordinates have finished.</summary>
    public Task CloseAsync()
    {
        Closed = true;
        if (_coordinating == 0)
        {
            return Task.CompletedTask;
        }

        _idle ??= new TaskCompletionSource();
        return _idle.Task;
    }

    /// <summary>Commits <paramref name="change"/> on every replica; false if it was refused (the change is not valid,
    /// e.g. the domain already ended, or the system halts). Retries while other transactions hold the row.</summary>
    public async Task<bool> CommitAsync(TableChange change)
    {
        if (Closed)
        {
            return false;
        }

        _coordinating++;
        try
        {
            return await CoordinateAsync(change);
        }
        finally
        {
            if (--_coordinating == 0 && _idle is not null)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async Task<bool> CoordinateAsync(TableChange change)
    {
        await monitor.Routes.ReadyAsync();
        for (var attempt = 1; ; attempt++)
        {
            var valid = monitor.Table.Check(change);
            if (valid != ErrorCode.Ok)
            {
                return false;
            }

            var txn = ((ulong)monitor.CoreId << 40) | ++_next;
            var transaction = new Transaction(change, parent: -1, Children(monitor.CoreId));
            _transactions[txn] = transaction;
            transaction.Commit = monitor.Table.Prepare(txn, change);
            await Send(transaction.Children, link => link.SendPrepareAsync(txn, change.Kind, change.Domain, (uint)change.Core, change.ExitCode, change.Name));
            await transaction.AllVoted(transaction.Children.Count);
            var commit = transaction.Commit;
            monitor.Table.Decide(txn, change, commit);
            if (commit)
            {
                monitor.Domains.Applied(change);
            }

            await Send(transaction.Children, link => link.SendDecideAsync(txn, commit));
            await transaction.AllAcknowledged(transaction.Children.Count);
            _transactions.Remove(txn);
            if (commit)
            {
                return true;
            }

            if (attempt == MaxAttempts || Closed)
            {
                throw new SharpfishException(ErrorCode.ProtocolViolation, $"the change {change} could not be committed after {MaxAttempts} attempts");
            }

            await monitor.Dispatcher.SleepAsync(RetryNs * attempt);
        }
    }

    /// <summary>A prepare arrived from <paramref name="parent"/>.</summary>
    public void Prepared(int parent, ulong txn, TableChange change)
    {
        var children = Children(Coordinator(txn));
        var transaction = new Transaction(change, parent, children) { Commit = monitor.Table.Prepare(txn, change) };
        _transactions[txn] = transaction;
        monitor.Run(async () =>
        {
            await Send(children, link => link.SendPrepareAsync(txn, change.Kind, change.Domain, (uint)change.Core, change.ExitCode, change.Name));
            await transaction.AllVoted(children.Count);
            var link = await monitor.Links.GetAsync(parent);
            await link.SendVoteAsync(txn, (uint)monitor.CoreId, transaction.Commit);
        });
    }

    /// <summary>A vote arrived from a child.</summary>
    public void Voted(ulong txn, bool commit)
    {
        if (_transactions.TryGetValue(txn, out var transaction))
        {
            transaction.Vote(commit);
        }
    }

    /// <summary>The decision arrived from the parent.</summary>
    public void Decided(ulong txn, bool commit)
    {
        if (!_transactions.TryGetValue(txn, out var transaction))
        {
            return;
        }

        monitor.Table.Decide(txn, transaction.Change, commit);
        if (commit)
        {
            monitor.Domains.Applied(transaction.Change);
        }

        monitor.Run(async () =>
        {
            await Send(transaction.Children, link => link.SendDecideAsync(txn, commit));
            await transaction.AllAcknowledged(transaction.Children.Count);
            _transactions.Remove(txn);
            var link = await monitor.Links.GetAsync(transaction.Parent);
            await link.SendDecidedAsync(txn, (uint)monitor.CoreId);
        });
    }

    /// <summary>A child acknowledged the decision.</summary>
    public void Acknowledged(ulong txn)
    {
        if (_transactions.TryGetValue(txn, out var transaction))
        {
            transaction.Acknowledge();
        }
    }

    private static int Coordinator(ulong txn) => (int)(txn >> 40);

    /// <summary>This core's children on the route from <paramref name="source"/> (the coordinator).</summary>
    private IReadOnlyList<int> Children(int source) => monitor.Routes.ChildrenOf(source);

    private async Task Send(IReadOnlyList<int> cores, Func<IntermonBinding, ValueTask> send)
    {
        foreach (var core in cores)
        {
            var link = await monitor.Links.GetAsync(core);
            send(link).Forget(monitor.Dispatcher.Fault);
        }
    }

    /// <summary>One transaction as this core sees it: its parent in the tree, the children it waits for.</summary>
    private sealed class Transaction(TableChange change, int parent, IReadOnlyList<int> children)
    {
        private readonly TaskCompletionSource _voted = new();
        private readonly TaskCompletionSource _acknowledged = new();
        private int _votes;
        private int _acknowledgements;

        public TableChange Change { get; } = change;

        public int Parent { get; } = parent;

        public IReadOnlyList<int> Children { get; } = children;

        public bool Commit { get; set; }

        public Task AllVoted(int expected) => expected == _votes ? Task.CompletedTask : _voted.Task;

        public Task AllAcknowledged(int expected) => expected == _acknowledgements ? Task.CompletedTask : _acknowledged.Task;

        public void Vote(bool commit)
        {
            Commit &= commit;
            if (++_votes == Children.Count)
            {
                _voted.TrySetResult();
            }
        }

        public void Acknowledge()
        {
            if (++_acknowledgements == Children.Count)
            {
                _acknowledged.TrySetResult();
            }
        }
    }
}
