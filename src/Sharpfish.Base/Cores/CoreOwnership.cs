using System.Diagnostics;
using Sharpfish.Errors;

namespace Sharpfish.Cores;

/// <summary>
/// Which Sharpfish core the calling host thread is running right now, and the Debug-build check of rule 1:
/// an object that belongs to one core is only ever used on that core. The platform sets the current core when a
/// core's thread starts (hosted) or before it steps a virtual core (simulated). The value is per host thread, so
/// nothing here is shared between cores.
/// </summary>
public static class CoreOwnership
{
    [ThreadStatic]
    private static int t_currentPlusOne;

    /// <summary>The core this host thread runs, or -1 when it runs none (the CLI, a test, a device thread).</summary>
    public static int Current => t_currentPlusOne - 1;

    /// <summary>Marks this host thread as running <paramref name="core"/> (-1: none).</summary>
    public static void Enter(int core) => t_currentPlusOne = core + 1;

    /// <summary>In Debug builds, fails when <paramref name="what"/>, owned by <paramref name="owner"/>, is used on
    /// another core. Host threads that run no core (tests, set-up code) may use any object.</summary>
    [Conditional("DEBUG")]
    public static void Check(int owner, string what)
    {
        var current = t_currentPlusOne - 1;
        if (current >= 0 && owner >= 0 && current != owner)
        {
            throw new SharpfishException(ErrorCode.WrongCore, $"{what} belongs to core {owner} but was used on core {current}");
        }
    }
}
