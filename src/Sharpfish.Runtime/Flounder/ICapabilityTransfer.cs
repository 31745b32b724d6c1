using Sharpfish.Capabilities;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The hook through which a binding moves <c>cap</c> and <c>give_away_cap</c> arguments, which travel outside the
/// message's bytes: from the sender's CSpace into receive slots of the receiver's, by the CPU driver on one core and
/// through the two monitors across cores. A binding sends a message only once its capabilities have arrived, and
/// keeps later messages behind it, so the receiver takes each message's capabilities in order. A binding without
/// one refuses to send a capability with <see cref="Sharpfish.Errors.ErrorCode.BadArgument"/> and reports an
/// arriving message that should carry one as malformed.
/// </summary>
public interface ICapabilityTransfer
{
    /// <summary>Sends the capabilities of one message, in argument order (a moved one, <c>GiveAway</c>, leaves the
    /// sender's CSpace; <see cref="CapRef.Null"/> travels as no capability). Throws a
    /// <see cref="Sharpfish.Errors.SharpfishException"/> at once when one is refused, with every capability still
    /// with the sender; otherwise the task completes when all have arrived, or fails if one could not be delivered
    /// (nothing of that message was then delivered).</summary>
    Task Send(IReadOnlyList<(CapRef Capability, bool GiveAway)> capabilities);

    /// <summary>Takes the next capability that came with the message being decoded.</summary>
    bool TryReceive(out CapRef capability);
}
