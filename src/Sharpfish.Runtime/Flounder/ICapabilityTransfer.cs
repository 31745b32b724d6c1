using Sharpfish.Capabilities;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The hook through which a binding moves <c>cap</c> and <c>give_away_cap</c> arguments, which travel outside the
/// message's bytes: from the sender's CSpace into receive slots of the receiver's, by the CPU driver on one core and
/// through the two monitors across cores. A binding sends a message only once its capabilities have arrived (as one
/// group), marks it as carrying them, and keeps later messages behind it. The receiving binding brackets each
/// message it decodes or drops with <see cref="BeginReceive"/> and <see cref="EndReceive"/>, so every message is
/// paired with its own group, and a dropped message's group goes with it. A binding without one refuses to send a
/// capability with <see cref="Sharpfish.Errors.ErrorCode.BadArgument"/> and reports an arriving message that should
/// carry one as malformed.
/// </summary>
public interface ICapabilityTransfer
{
    /// <summary>Sends the capabilities of one message, in argument order (a moved one, <c>GiveAway</c>, leaves the
    /// sender's CSpace; <see cref="CapRef.Null"/> travels as no capability). Throws a
    /// <see cref="Sharpfish.Errors.SharpfishException"/> at once when one is refused, with every capability still
    /// with the sender; otherwise the task completes when all have arrived, or fails if one could not be delivered
    /// (nothing of that message was then delivered).</summary>
    Task Send(IReadOnlyList<(CapRef Capability, bool GiveAway)> capabilities);

    /// <summary>Starts on a message that arrived: its capabilities are the next group that arrived when it
    /// <paramref name="carriesCapabilities"/>, none otherwise.</summary>
    void BeginReceive(bool carriesCapabilities);

    /// <summary>Takes the next capability of the message begun (false when it has no more).</summary>
    bool TryReceive(out CapRef capability);

    /// <summary>Ends the message begun. The capabilities of its group that were not taken are deleted (it carried
    /// more than it should); when it was not <paramref name="delivered"/> (dropped), those taken are deleted too.</summary>
    void EndReceive(bool delivered);
}
