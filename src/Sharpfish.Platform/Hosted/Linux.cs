using System.Runtime.InteropServices;

namespace Sharpfish.Platform.Hosted;

/// <summary>The few Linux calls the hosted platform makes: affinity, futex, mmap/mbind.</summary>
internal static unsafe partial class Linux
{
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int ProtExec = 4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;
    public const int FutexWaitPrivate = 128;
    public const int FutexWakePrivate = 129;
    public const int MpolPreferred = 1;
    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Etimedout = 110;

    private static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    private static long SysFutex => IsArm64 ? 98 : 202;

    private static long SysMbind => IsArm64 ? 235 : 237;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpusetsize, byte* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_getaffinity(int pid, nuint cpusetsize, byte* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getrusage(int who, long* usage);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(void* addr, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mprotect(void* addr, nuint length, int prot);

    /// <summary>glibc's syscall(2). It is variadic; on x86-64 and AArch64 integer arguments pass in the same
    /// registers either way, and glibc's implementation reads them as plain registers.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall6(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    /// <summary>Sleeps while *word == expected, at most <paramref name="timeoutNs"/> (negative: no limit).</summary>
    public static void FutexWait(int* word, int expected, long timeoutNs)
    {
        if (timeoutNs < 0)
        {
            Syscall6(SysFutex, (nint)word, FutexWaitPrivate, expected, 0, 0, 0);
            return;
        }

        var timeout = stackalloc long[2];
        timeout[0] = timeoutNs / 1_000_000_000;
        timeout[1] = timeoutNs % 1_000_000_000;
        Syscall6(SysFutex, (nint)word, FutexWaitPrivate, expected, (nint)timeout, 0, 0);
    }

    /// <summary>Wakes one thread sleeping on <paramref name="word"/>.</summary>
    public static void FutexWake(int* word) => Syscall6(SysFutex, (nint)word, FutexWakePrivate, 1, 0, 0, 0);

    /// <summary>Asks the kernel to place the pages of a range on <paramref name="node"/> (best effort).</summary>
    public static bool Mbind(void* address, nuint length, int node)
    {
        var mask = stackalloc ulong[16];
        mask[node / 64] = 1UL << (node % 64);
        return Syscall6(SysMbind, (nint)address, (nint)length, MpolPreferred, (nint)mask, 16 * 64, 0) == 0;
    }
}
