namespace Sharpfish.Monitors;

/// <summary>Messages between monitors. Payload word use is given per message.</summary>
internal enum IntermonMessage : ushort
{
    /// <summary>A new core's monitor is running. [0] = the core's id.</summary>
    BootReport = 1,

    /// <summary>Stop the core. No payload.</summary>
    Halt,

    /// <summary>The core will stop after this message. [0] = the core's id.</summary>
    HaltAck,

    /// <summary>A round trip to measure latency. [0] = sequence number.</summary>
    Ping,

    /// <summary>Answer to <see cref="Ping"/>. [0] = the ping's sequence number.</summary>
    Pong,
}
