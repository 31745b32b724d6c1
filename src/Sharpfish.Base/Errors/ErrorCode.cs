namespace Sharpfish.Errors;

/// <summary>
/// Every failure Sharpfish reports, one code each (Barrelfish's errno.fugu, in C#). Codes are grouped by layer in
/// ranges of 100 so a code says where it came from; <see cref="ErrorCodes.Describe"/> gives the text a person reads.
/// </summary>
public enum ErrorCode
{
    /// <summary>Success.</summary>
    Ok = 0,

    // 100: command line and configuration
    /// <summary>A command-line argument is malformed or out of range.</summary>
    BadArgument = 100,
    /// <summary>No machine model has the requested name.</summary>
    UnknownMachine,
    /// <summary>A core list names no core, or a core that does not exist.</summary>
    BadCoreList,
    /// <summary>A shell command is not known.</summary>
    UnknownCommand,

    // 200: platform
    /// <summary>The host lacks a core that pinning was requested for.</summary>
    HostLacksCore = 200,
    /// <summary>Pinning a core's thread with sched_setaffinity failed.</summary>
    PinFailed,
    /// <summary>A core did not start or did not report in.</summary>
    CoreFailedToStart,
    /// <summary>Allocating or placing platform memory failed.</summary>
    OutOfMemory,
    /// <summary>A system call of the hosted platform failed.</summary>
    SystemCallFailed,
    /// <summary>The machine's topology could not be read or is inconsistent.</summary>
    BadTopology,

    // 300: transports
    /// <summary>The channel has no free slot; try again when it signals space.</summary>
    ChannelFull = 300,
    /// <summary>A message arrived whose type the receiver does not know.</summary>
    UnknownMessageType,
    /// <summary>A message's fragments do not form a valid message.</summary>
    MalformedMessage,
    /// <summary>A message or argument exceeds its declared bound.</summary>
    MessageTooLarge,
    /// <summary>The channel has been closed by its peer.</summary>
    ChannelClosed,

    // 400: kernel and monitor
    /// <summary>An object was used on a core that does not own it (rule 1).</summary>
    WrongCore = 400,
    /// <summary>The system is halting and takes no new work.</summary>
    Halting,
    /// <summary>A protocol message arrived in a state where it is not allowed.</summary>
    ProtocolViolation,

    // 500: domains and services
    /// <summary>No program of that name is in the image.</summary>
    UnknownProgram = 500,
    /// <summary>No domain has that id (or it has ended).</summary>
    UnknownDomain,
    /// <summary>The iref names no service.</summary>
    UnknownIref,
    /// <summary>A name is already registered.</summary>
    NameTaken,
    /// <summary>No service is registered under that name.</summary>
    UnknownName,
    /// <summary>The domain ended (exited, was killed or faulted).</summary>
    DomainEnded,
    /// <summary>The service refused the connection.</summary>
    ConnectionRefused,
    /// <summary>A domain ran past its time slice without yielding.</summary>
    TimeSliceOverrun,
    /// <summary>No mutex, condition variable, semaphore or barrier has that handle.</summary>
    UnknownSyncObject,
    /// <summary>The handle names a synchronisation object of another kind.</summary>
    WrongSyncObject,
    /// <summary>The mutex is not held (unlocked twice, or waited on unheld).</summary>
    MutexNotHeld,
    /// <summary>The program is one of the system's own, which only the boot starts.</summary>
    BootOnlyProgram,

    // 600: capabilities and physical memory
    /// <summary>A capability reference is malformed or names a slot outside its CNode.</summary>
    InvalidCapRef = 600,
    /// <summary>The slot a capability reference names holds no capability.</summary>
    SlotEmpty,
    /// <summary>The destination slot already holds a capability.</summary>
    SlotOccupied,
    /// <summary>The capability is of the wrong type for this invocation.</summary>
    WrongCapType,
    /// <summary>The capability lacks a right this invocation needs.</summary>
    MissingRights,
    /// <summary>The retype table does not allow retyping this type into the requested one.</summary>
    IllegalRetype,
    /// <summary>The object size is not allowed for the requested type.</summary>
    BadObjectSize,
    /// <summary>The offset is misaligned or outside the source capability.</summary>
    BadOffset,
    /// <summary>The object count is out of range or the objects do not fit.</summary>
    BadCount,
    /// <summary>The retype range overlaps descendants the source already has.</summary>
    RetypeOverlap,
    /// <summary>Mint asked for rights the source capability does not have.</summary>
    RightsNotReduced,
    /// <summary>mem_serv has no free block of that size in the requested window.</summary>
    OutOfPhysicalMemory,
    /// <summary>A RAM capability given back to mem_serv is not one it handed to that client, or was freed already.</summary>
    NotHandedOut,
    /// <summary>The capability is locked by a capability operation under way (a retype or revoke across cores).</summary>
    CapLocked,
    /// <summary>The capability has relations on other cores: the operation has to go through the monitors.</summary>
    RetryThroughMonitor,
    /// <summary>mem_serv already serves this core.</summary>
    MemServRunning,
    /// <summary>The receiving domain's CSpace has no free receive slot for a capability sent to it.</summary>
    CSpaceFull,
    /// <summary>The receiving end of a channel takes no capabilities (no domain's CSpace is behind it).</summary>
    NoCapReceiver,
    /// <summary>A message that crosses cores carries more capabilities than the monitors take at once (8).</summary>
    TooManyCaps,

    // 700: the System Knowledge Base
    /// <summary>An SKB query is malformed (SQLite's message says where).</summary>
    SkbBadQuery = 700,
    /// <summary>An SKB query would change the database or the connection (writes, ATTACH, pragmas).</summary>
    SkbReadOnly,
    /// <summary>An SKB query's result is larger than a reply may carry.</summary>
    SkbResultTooLarge,
    /// <summary>The SKB's measurement cache is unreadable or does not match its checksum.</summary>
    SkbCacheCorrupt,
    /// <summary>Only privileged domains (monitors, system services) may add facts to the SKB.</summary>
    SkbNotPrivileged,
    /// <summary>The SKB has no policy of that name, or the policy failed.</summary>
    SkbBadPolicy,
    /// <summary>An SKB query ran for too long and was stopped.</summary>
    SkbQueryTooLong,

    // 800: virtual memory
    /// <summary>A VNode is of the wrong page-table level for this operation (or the capability is no VNode).</summary>
    VNodeWrongLevel = 800,
    /// <summary>A page-table slot, or a virtual address, is outside the range a domain may map.</summary>
    AddressOutOfRange,
    /// <summary>An address or size is not a multiple of the page.</summary>
    Misaligned,
    /// <summary>The slot already holds a mapping (unmap it first).</summary>
    AlreadyMapped,
    /// <summary>Nothing is mapped there.</summary>
    NotMapped,
    /// <summary>The mapping asks for rights the Frame capability does not have (or for none at all).</summary>
    FrameRightsExceeded,
    /// <summary>The pages asked for lie outside the Frame.</summary>
    FrameRange,
    /// <summary>The page table is already installed under another table.</summary>
    VNodeInUse,
    /// <summary>An access found no translation, or one without the right it needed; the pager did not resolve it.</summary>
    PageFault,
    /// <summary>The virtual address space has no free region that large.</summary>
    VSpaceFull,
}
