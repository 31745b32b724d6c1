namespace Sharpfish.Errors;

/// <summary>Texts for <see cref="ErrorCode"/>: one switch, so a new code without a text fails review at once.</summary>
public static class ErrorCodes
{
    /// <summary>Throws the error <paramref name="code"/> names, unless Ok, saying what could not be done.</summary>
    /// <exception cref="SharpfishException">The code is not Ok.</exception>
    public static void ThrowUnlessOk(this ErrorCode code, string what)
    {
        if (code != ErrorCode.Ok)
        {
            throw new SharpfishException(code, $"could not {what}: {code.Describe()}");
        }
    }

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
        ErrorCode.BootOnlyProgram => "a system program, started only at boot",
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
        ErrorCode.NotHandedOut => "not RAM mem_serv handed to this client, or freed already",
        ErrorCode.CapLocked => "the capability is locked by an operation under way",
        ErrorCode.RetryThroughMonitor => "the capability has relations on other cores (retry through the monitor)",
        ErrorCode.MemServRunning => "mem_serv already serves this core",
        ErrorCode.CSpaceFull => "the receiver's CSpace has no free receive slot",
        ErrorCode.NoCapReceiver => "the receiving end takes no capabilities",
        ErrorCode.TooManyCaps => "a message across cores carries at most 8 capabilities",
        ErrorCode.SkbBadQuery => "malformed SKB query",
        ErrorCode.SkbReadOnly => "SKB queries are read-only",
        ErrorCode.SkbResultTooLarge => "the SKB query's result is too large",
        ErrorCode.SkbCacheCorrupt => "the SKB's measurement cache is corrupt",
        ErrorCode.SkbNotPrivileged => "only privileged domains may add facts to the SKB",
        ErrorCode.SkbBadPolicy => "unknown or failing SKB policy",
        ErrorCode.SkbQueryTooLong => "the SKB query ran too long",
        ErrorCode.VNodeWrongLevel => "the page table is of the wrong level",
        ErrorCode.AddressOutOfRange => "the address is outside the mappable range",
        ErrorCode.Misaligned => "the address or size is not page-aligned",
        ErrorCode.AlreadyMapped => "something is already mapped there",
        ErrorCode.NotMapped => "nothing is mapped there",
        ErrorCode.FrameRightsExceeded => "the mapping asks for rights the frame does not have",
        ErrorCode.FrameRange => "the pages lie outside the frame",
        ErrorCode.VNodeInUse => "the page table is already installed",
        ErrorCode.PageFault => "page fault",
        ErrorCode.VSpaceFull => "no free virtual address range that large",
        _ => $"error {(int)code}",
    };
}
