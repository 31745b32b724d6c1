namespace Sharpfish.Services.Boot;

/// <summary>How a boot ended. Written by the BSP, read after every core has stopped.</summary>
public sealed class BootResult
{
    /// <summary>0 when boot, every command and the halt succeeded.</summary>
    public int ExitCode { get; set; }

    /// <summary>Why the system failed, when it did.</summary>
    public string? Error { get; set; }
}
