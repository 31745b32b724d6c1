using Sharpfish.Bench.Shootdown;

namespace Sharpfish.Bench.Plots;

/// <summary>Draws <c>bench shootdown</c> in the style of the paper's Figure 7: the end-to-end latency of taking write
/// permission from a page mapped on N cores (thousands of cycles) against cores, Sharpfish beside Linux.</summary>
public static class Fig7Plot
{
    /// <summary>Writes <c>fig7.svg</c> and <c>fig7.png</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(Fig6Report report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new ScottPlot.Plot();
        var cores = report.Points.Select(p => (double)p.Cores).ToArray();
        var sharpfish = plot.Add.Scatter(cores, report.Points.Select(p => p.SharpfishProtect / 1000).ToArray());
        sharpfish.LegendText = $"Sharpfish (protect; {string.Join(", ", report.Points.Select(p => p.SharpfishProtocol).Distinct())})";
        sharpfish.MarkerSize = 6;
        Fig6Plot.AddLinux(plot, report, "Linux mprotect");
        plot.Title($"Unmap latency, end to end (Figure 7): {report.Machine}");
        plot.XLabel("Cores");
        plot.YLabel($"Latency ({(report.Simulated ? "simulated " : "")}cycles × 1000)");
        return PlotFiles.Save(plot, folder, "fig7");
    }
}
