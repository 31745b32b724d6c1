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
        ErrorCode.SkbBadQuery => "malformed SKB query",
        ErrorCode.SkbReadOnly => "SKB queries are read-only",
        ErrorCode.SkbResultTooLarge => "the SKB query's result is too large",
        ErrorCode.SkbCacheCorrupt => "the SKB's measurement cache is corrupt",
        ErrorCode.SkbNotPrivileged => "only privileged domains may add facts to the SKB",
        ErrorCode.SkbBadPolicy => "unknown or failing SKB policy",
        ErrorCode.SkbQueryTooLong => "the SKB query ran too long",
        _ => $"error {(int)code}",
    };
}
