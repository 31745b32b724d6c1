namespace Sharpfish.Bench.Plots;

/// <summary>How every benchmark plot is finished and written: integer core ticks, the legend top left, an SVG and a
/// PNG of the same size.</summary>
internal static class PlotFiles
{
    /// <summary>Writes <c>NAME.svg</c> and <c>NAME.png</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Save(ScottPlot.Plot plot, string folder, string name)
    {
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0);
        Directory.CreateDirectory(folder);
        var svg = Path.Combine(folder, $"{name}.svg");
        var png = Path.Combine(folder, $"{name}.png");
        plot.SaveSvg(svg, 800, 520);
        plot.SavePng(png, 800, 520);
        return [svg, png];
    }
}
