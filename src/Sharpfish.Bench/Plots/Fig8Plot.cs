using Sharpfish.Bench.Retype;

namespace Sharpfish.Bench.Plots;

/// <summary>Draws <c>bench retype</c> in the style of the paper's Figure 8: cycles × 1000 against cores, one line for
/// the latency of a single retype and one for the cost per retype when pipelined.</summary>
public static class Fig8Plot
{
    /// <summary>Writes <c>fig8.svg</c> and <c>fig8.png</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(Fig8Report report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new ScottPlot.Plot();
        var cores = report.Points.Select(p => (double)p.Cores).ToArray();
        var single = plot.Add.Scatter(cores, report.Points.Select(p => p.Single / 1000).ToArray());
        single.LegendText = "Single-operation latency";
        single.MarkerSize = 6;
        var pipelined = plot.Add.Scatter(cores, report.Points.Select(p => p.Pipelined / 1000).ToArray());
        pipelined.LegendText = $"Cost when pipelining ({Fig8Benchmark.Window} in flight)";
        pipelined.MarkerSize = 6;
        plot.Title($"Capability retype, two-phase commit over every core (Figure 8): {report.Machine}");
        plot.XLabel("Cores");
        plot.YLabel($"{(report.Simulated ? "Simulated c" : "C")}ycles × 1000");
        return PlotFiles.Save(plot, folder, "fig8");
    }
}
