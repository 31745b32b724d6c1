namespace Sharpfish.Errors;

/// <summary>Texts for <see cref="ErrorCode"/>: one switch, so a new code without a text fails review at once.</summary>
public static class ErrorCodes
{
    /// <summary>The sentence a person reads for <paramref name="code"/>.</summary>
    public static string Describe(this ErrorCode code) => code switch
    {
        ErrorCode.Ok => "success",
        ErrorCode.BadArgument => "bad argument",
        ErrorCode.UnknownMachine => "unknown machine model",
        ErrorCode.BadCoreList => "bad core list",
        ErrorCode.UnknownCommand => "unknown command",
        ErrorCode.HostLacksCore => "the host has no such core",
        ErrorCode.PinFailed => "could not pin a core's thread",
        ErrorCode.CoreFailedToStart => "a core failed to start",
        ErrorCode.OutOfMemory => "out of memory",
        ErrorCode.SystemCallFailed => "a system call failed",
        ErrorCode.BadTopology => "the machine's topology is unreadable or inconsistent",
        ErrorCode.ChannelFull => "the channel is full",
        ErrorCode.UnknownMessageType => "unknown message type",
        ErrorCode.MalformedMessage => "malformed message",
        ErrorCode.MessageTooLarge => "message exceeds its bound",
        ErrorCode.ChannelClosed => "the channel is closed",
        ErrorCode.WrongCore => "object used on a core that does not own it",
        ErrorCode.Halting => "the system is halting",
        ErrorCode.ProtocolViolation => "protocol violation",
        ErrorCode.UnknownProgram => "unknown program",
        ErrorCode.UnknownDomain => "unknown domain",
        ErrorCode.UnknownIref => "unknown iref",
        ErrorCode.NameTaken => "name already registered",
        ErrorCode.UnknownName => "unknown name",
        ErrorCode.DomainEnded => "the domain has ended",
        ErrorCode.ConnectionRefused => "connection refused",
        ErrorCode.TimeSliceOverrun => "time slice overrun",
        ErrorCode.UnknownSyncObject => "unknown synchronisation object",
        ErrorCode.WrongSyncObject => "synchronisation object of another kind",
        ErrorCode.MutexNotHeld => "the mutex is not held",
        ErrorCode.InvalidCapRef => "invalid capability reference",
        ErrorCode.SlotEmpty => "the capability slot is empty",
        ErrorCode.SlotOccupied => "the destination slot is occupied",
        ErrorCode.WrongCapType => "wrong capability type",
        ErrorCode.MissingRights => "the capability lacks the rights for this",
        ErrorCode.IllegalRetype => "this retype is not allowed by the retype table",
        ErrorCode.BadObjectSize => "bad object size for this type",
        ErrorCode.BadOffset => "bad offset into the source capability",
        ErrorCode.BadCount => "bad object count",
        ErrorCode.RetypeOverlap => "the range overlaps existing descendants",
        ErrorCode.RightsNotReduced => "mint may only remove rights",
        ErrorCode.OutOfPhysicalMemory => "no free physical memory of that size in the window",
        ErrorCode.BadMemoryHandle => "unknown or already used memory handle",
        _ => $"error {(int)code}",
    };
}
