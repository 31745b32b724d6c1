namespace Sharpfish.Runtime;

/// <summary>Something a waitset polls: a binding's incoming channel, a device, a queue of sends waiting for space.</summary>
public interface IEventSource
{
    /// <summary>Handles what is pending (a bounded batch); returns false when nothing was.</summary>
    bool Poll();
}
