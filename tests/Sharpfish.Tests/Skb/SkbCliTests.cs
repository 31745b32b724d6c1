using Sharpfish.Tests.Cli;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary><c>sharpfish skb</c> on a simulated machine: rows, JSON, trees, images, and exit codes for mistakes.</summary>
public sealed class SkbCliTests : TempDirectoryTest
{
    [Fact]
    public void Queries_print_rows_or_json()
    {
        var (code, stdout, stderr) = SharpfishProcess.Run("skb", "query", "SELECT package, cores FROM packages WHERE package = ?1", "-p", "3", "--sim", "amd-8x4", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"columns\": [", stdout, StringComparison.Ordinal);
        Assert.Contains("\"3\",", stdout, StringComparison.Ordinal);
        Assert.Contains("\"4\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tree_and_latency_image()
    {
        var tree = SharpfishProcess.Run("skb", "tree", "5", "--sim", "amd-4x4");
        Assert.True(tree.ExitCode == 0, tree.Stderr);
        Assert.Contains("core 5 (source)", tree.Stdout, StringComparison.Ordinal);
        Assert.Contains("aggregates 3", tree.Stdout, StringComparison.Ordinal);

        var image = Path.Combine(TempDirectory, "latency.svg");
        var latency = SharpfishProcess.Run("skb", "latency", "--sim", "amd-2x2", "--out", image);
        Assert.True(latency.ExitCode == 0, latency.Stderr);
        Assert.Contains("<svg", File.ReadAllText(image), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "DELETE is refused", "skb", "query", "DELETE FROM cores", "--sim", "amd-2x2")]
    [InlineData(1, "syntax error", "skb", "query", "SELECT FROM", "--sim", "amd-2x2")]
    [InlineData(1, "no policy is called 'nope'", "skb", "policy", "nope", "--sim", "amd-2x2")]
    [InlineData(2, "core 9 does not exist", "skb", "tree", "9", "--sim", "amd-2x2")]
    [InlineData(2, ".png or a .svg", "skb", "latency", "--sim", "amd-2x2", "--out", "latency.gif")]
    public void Mistakes_get_a_message_and_an_exit_code(int exitCode, string message, params string[] args)
    {
        var (code, _, stderr) = SharpfishProcess.Run(args);
        Assert.Equal(exitCode, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
