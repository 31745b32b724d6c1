using System.Threading;
using Sharpfish.Cores;

namespace Sharpfish.Runtime;

/// <summary>
/// The synchronization context of a dispatcher: every continuation of an <c>await</c> on this dispatcher is queued
/// to the dispatcher's own ready queue, so a user-level thread never moves to another core or to the thread pool.
/// </summary>
internal sealed class DispatcherContext(Dispatcher dispatcher) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state)
    {
        CoreOwnership.Check(dispatcher.CoreId, $"dispatcher {dispatcher.Name}");
        dispatcher.Enqueue(d, state);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("a dispatcher never blocks a thread waiting for another");

    public override SynchronizationContext CreateCopy() => this;
}
