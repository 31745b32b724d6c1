using Sharpfish.Capabilities;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The hook through which a binding moves <c>cap</c> and <c>give_away_cap</c> arguments, which travel outside
/// the message's bytes (through the monitors, across cores). Nothing implements it yet: a binding without one
/// refuses to send a capability with <see cref="Sharpfish.Errors.ErrorCode.BadArgument"/> ("capability transfer
/// is not available yet") and reports an arriving message that should carry one as malformed.
/// </summary>
public interface ICapabilityTransfer
{
    /// <summary>Queues <paramref name="capability"/> to go with the message being encoded; a moved capability
    /// (<paramref name="giveAway"/>) leaves the sender's CSpace.</summary>
    void Send(CapRef capability, bool giveAway);

    /// <summary>Takes the next capability that came with the message being decoded.</summary>
    bool TryReceive(out CapRef capability);
}
