using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace Sharpfish.Platform.Hosted;

/// <summary>
/// The time-stamp counter: cycles at the processor's nominal rate (RDTSC on x86-64, CNTVCT on AArch64), read
/// through a four-instruction thunk in executable memory because .NET has no intrinsic for it. Falls back to
/// <see cref="Stopwatch"/> ticks elsewhere.
/// </summary>
public static unsafe class Tsc
{
    private static readonly delegate* unmanaged<ulong> Reader = CreateReader();
    private static double _ghz;

    /// <summary>True when cycles come from the hardware counter.</summary>
    public static bool IsHardware => Reader != null;

    /// <summary>Reads the counter (ordered after earlier loads on x86-64 by an LFENCE).</summary>
    public static long Read() => Reader != null ? (long)Reader() : Stopwatch.GetTimestamp();

    /// <summary>Counter ticks per nanosecond, measured once against the monotonic clock (about 20 ms).</summary>
    public static double GHz
    {
        get
        {
            if (_ghz == 0)
            {
                var t0 = Stopwatch.GetTimestamp();
                var c0 = Read();
                while (Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 20)
                {
                    Thread.SpinWait(100);
                }

                var c1 = Read();
                var ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
                _ghz = (c1 - c0) / ns;
            }

            return _ghz;
        }
    }

    private static delegate* unmanaged<ulong> CreateReader()
    {
        byte[] code = RuntimeInformation.ProcessArchitecture switch
        {
            // lfence; rdtsc; shl rdx, 32; or rax, rdx; ret
            Architecture.X64 => [0x0F, 0xAE, 0xE8, 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3],
            // isb; mrs x0, cntvct_el0; ret
            Architecture.Arm64 => [0xDF, 0x3F, 0x03, 0xD5, 0x40, 0xE0, 0x3B, 0xD5, 0xC0, 0x03, 0x5F, 0xD6],
            _ => [],
        };
        if (code.Length == 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        const int Page = 4096;
        var page = Linux.mmap(null, Page, Linux.ProtRead | Linux.ProtWrite, Linux.MapPrivate | Linux.MapAnonymous, -1, 0);
        if (page == (void*)-1)
        {
            return null;
        }

        code.CopyTo(new Span<byte>(page, Page));
        if (Linux.mprotect(page, Page, Linux.ProtRead | Linux.ProtExec) != 0)
        {
            _ = Linux.munmap(page, Page);
            return null;
        }

        return (delegate* unmanaged<ulong>)page; // lives as long as the process
    }
}
