using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Kernel.Lmp;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Transports;

namespace Sharpfish.Domains.Capabilities;

/// <summary>
/// How one binding of a domain moves capability arguments (its <see cref="ICapabilityTransfer"/>). On one core the
/// CPU driver copies or moves a message's capabilities from the domain's CSpace into receive slots of the receiver's,
/// all or none, as the message goes (LMP). Across cores a message's capabilities go through the two monitors together
/// (<c>cap_send</c>, all or none): the message waits in the binding's queue until they have arrived, and the next
/// message's start only then, so capabilities arrive in message order. What arrives for this end lies in receive slots of the
/// domain's CSpace and waits in the channel's <see cref="CapInbox"/>, one group per message; the stub that decodes its
/// message gets it moved into a slot of the domain's own. A message that is dropped (malformed) takes its group with
/// it: every capability of that group is deleted, so none is left for the next message's stub to take. Owned by the
/// dispatcher's core.
/// </summary>
internal sealed class ChannelCapabilities(DomainContext context, IChannelSender sender, ChannelHandle sending, CapInbox inbox) : ICapabilityTransfer
{
    /// <summary>Capabilities one message may carry across cores (monitor.if cap_send's bound).</summary>
    public const int MaxAcrossCores = 8;

    // The capabilities of the message being decoded that its stub took (each where it now lies).
    private readonly List<CapRef> _taken = [];
    private Task _previous = Task.CompletedTask;

    /// <inheritdoc/>
    public Task Send(IReadOnlyList<(CapRef Capability, bool GiveAway)> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        if (sender is LmpSender lmp)
        {
            Check(lmp.SendCapabilities(context.CSpace, capabilities), capabilities);
            return Task.CompletedTask;
        }

        if (capabilities.Count > MaxAcrossCores)
        {
            throw new SharpfishException(ErrorCode.TooManyCaps, $"a message to another core carries {capabilities.Count} capabilities; at most {MaxAcrossCores} go at once");
        }

        foreach (var (capability, giveAway) in capabilities)
        {
            Check(context.Cpu.Caps.CheckGive(context.CSpace, capability, giveAway), capabilities);
        }

        _previous = SendAcrossAsync(_previous, [.. capabilities]);
        return _previous;
    }

    /// <inheritdoc/>
    public void BeginReceive(bool carriesCapabilities)
    {
        _taken.Clear();
        if (carriesCapabilities)
        {
            inbox.Open();
        }
    }

    /// <inheritdoc/>
    /// <remarks>A capability that arrived is moved out of its receive slot into a slot of the domain's own, so the
    /// receive slots stay free for what arrives next; when the domain has no free slot, it stays where it landed.</remarks>
    public bool TryReceive(out CapRef capability)
    {
        if (!inbox.TryTake(out capability))
        {
            return false;
        }

        var caps = context.Cpu.Caps;
        if (capability != CapRef.Null && context.Slots.TryAllocate(out var own))
        {
            if (caps.Copy(context.CSpace, capability, own) == ErrorCode.Ok && caps.Delete(context.CSpace, capability) == ErrorCode.Ok)
            {
                capability = own;
            }
            else
            {
                context.Slots.Release(own);
            }
        }

        _taken.Add(capability);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>Capabilities are deleted by the ordinary delete (the last copy of memory goes back to its owner), so
    /// a dropped message leaves no receive slot taken and no memory unaccounted for.</remarks>
    public void EndReceive(bool delivered)
    {
        if (!delivered)
        {
            foreach (var capability in _taken)
            {
                Discard(capability);
            }
        }

        _taken.Clear();
        while (inbox.TryTake(out var left))
        {
            Discard(left);
        }
    }

    // A capability of a dropped message: deleted, and its slot freed (a slot of the domain's own goes back to its
    // allocator, which ignores receive slots).
    private void Discard(CapRef capability)
    {
        if (capability != CapRef.Null && context.Cpu.Caps.Delete(context.CSpace, capability) == ErrorCode.Ok)
        {
            context.Slots.Release(capability);
        }
    }

    // Waits for the previous message's capabilities (whether they went or not), then asks the monitor.
    private async Task SendAcrossAsync(Task previous, (CapRef Capability, bool GiveAway)[] capabilities)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        var err = await context.Monitor.CapSendAsync(capabilities.Select(c => c.Capability.Address).ToArray(), capabilities.Select(c => c.GiveAway).ToArray(), sending.ForMonitor());
        Check(err, capabilities);
    }

    private static void Check(ErrorCode err, IReadOnlyList<(CapRef Capability, bool GiveAway)> capabilities)
    {
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"could not send capability {string.Join(", ", capabilities.Select(c => c.Capability))}: {err.Describe()}");
        }
    }
}
