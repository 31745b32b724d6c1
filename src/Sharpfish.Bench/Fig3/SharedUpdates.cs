using System.Threading;
using Sharpfish.Bench.Harness;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Fig3;

/// <summary>SHMn: every core updates the same n cache lines directly, without locks; coherence moves the lines.</summary>
public static unsafe class SharedUpdates
{
    /// <summary>Cycles per update of <paramref name="lines"/> lines with the first <paramref name="cores"/> cores.</summary>
    public static Summary Measure(HostedPlatform platform, int cores, int lines, Scale scale)
    {
        var memory = platform.AllocateMemory(platform.Topology.Cores[0].Node, lines * 64);
        var logs = Enumerable.Range(0, cores).Select(_ => new WindowLog(scale.Windows * 100)).ToArray();
        var update = new Update((long*)memory.Address, lines);
        var stop = 0;
        var start = new StartLine(cores);
        PinnedThreads.Run(
            [.. platform.Topology.Cores.Take(cores).Select(c => c.OsCpu)],
            [.. Enumerable.Range(0, cores)],
            [.. logs.Select((log, i) => (Action)(() => Loop.Together(update, log, scale, i == 0, start, ref stop)))]);
        platform.FreeMemory(memory);
        return WindowLog.Summarise(logs);
    }

    /// <summary>Increments one word in each of the lines.</summary>
    private readonly struct Update(long* first, int lines) : IOperation
    {
        public void Run()
        {
            for (var i = 0; i < lines; i++)
            {
                var word = first + (i * 8);
                Volatile.Write(ref *word, Volatile.Read(ref *word) + 1);
            }
        }
    }
}
