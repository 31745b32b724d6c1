using Sharpfish.Bench.Fig3;
using Sharpfish.Bench.Harness;

namespace Sharpfish.Bench.Plots;

/// <summary>Draws <c>bench fig3</c> in the style of the paper's Figure 3: latency per operation (thousands of
/// cycles) against cores, one line per experiment.</summary>
public static class Fig3Plot
{
    /// <summary>Writes <c>fig3.svg</c> and <c>fig3.png</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(Fig3Report report, string folder)
    {
        var plot = new ScottPlot.Plot();
        void Line(string name, Func<Fig3Point, Latency?> pick)
        {
            var points = report.Points.Where(p => pick(p) is not null).ToArray();
            if (points.Length == 0)
            {
                return;
            }

            var line = plot.Add.Scatter(points.Select(p => (double)p.Cores).ToArray(), points.Select(p => pick(p)!.Cycles / 1000).ToArray());
            line.LegendText = name;
            line.MarkerSize = 6;
        }

        Line("SHM8", p => p.Shm8);
        Line("SHM4", p => p.Shm4);
        Line("SHM2", p => p.Shm2);
        Line("SHM1", p => p.Shm1);
        Line("MSG8", p => p.Msg8);
        Line("MSG1", p => p.Msg1);
        Line("Server", p => p.Server);
        plot.Title($"Shared memory vs messages (Figure 3): {report.Machine}");
        plot.XLabel("Cores");
        plot.YLabel("Latency (cycles × 1000)");
        plot.Axes.SetLimitsX(0.5, report.Points.Count + 0.5);
        return PlotFiles.Save(plot, folder, "fig3");
    }
}
