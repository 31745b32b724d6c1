using Sharpfish.Bench.Shootdown;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Bench.Plots;

/// <summary>Draws <c>bench shootdown</c> in the style of the paper's Figure 6: latency of one protocol round
/// (thousands of cycles) against cores, one line per protocol.</summary>
public static class Fig6Plot
{
    /// <summary>Writes <c>fig6.svg</c> and <c>fig6.png</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(Fig6Report report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new ScottPlot.Plot();
        var cores = report.Points.Select(p => (double)p.Cores).ToArray();
        foreach (var protocol in Enum.GetValues<ShootdownProtocol>())
        {
            var line = plot.Add.Scatter(cores, report.Points.Select(p => p.Of(protocol) / 1000).ToArray());
            line.LegendText = protocol == ShootdownProtocol.NumaMulticast ? "NUMA-aware multicast" : protocol.ToString();
            line.MarkerSize = 6;
        }

        AddLinux(plot, report, "Linux mprotect (whole change)");

        plot.Title($"Shootdown protocols, message rounds only (Figure 6): {report.Machine}");
        plot.XLabel("Cores");
        plot.YLabel($"Latency ({(report.Simulated ? "simulated " : "")}cycles × 1000)");
        return PlotFiles.Save(plot, folder, "fig6");
    }

    /// <summary>Adds the Linux mprotect baseline, in black with open squares, when it was measured at every count (not
    /// dashed: the SVG writer cannot draw a dash pattern and says so on the console).</summary>
    internal static void AddLinux(ScottPlot.Plot plot, Fig6Report report, string legend)
    {
        if (report.Points.All(p => p.LinuxMprotect is not null))
        {
            var linux = plot.Add.Scatter(report.Points.Select(p => (double)p.Cores).ToArray(), report.Points.Select(p => p.LinuxMprotect!.Value / 1000).ToArray());
            linux.LegendText = legend;
            linux.Color = ScottPlot.Colors.Black;
            linux.MarkerShape = ScottPlot.MarkerShape.OpenSquare;
            linux.MarkerSize = 6;
        }
    }
}
