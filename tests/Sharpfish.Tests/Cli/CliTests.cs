using Xunit;

namespace Sharpfish.Tests.Cli;

[Collection(HostedCoresCollection.Name)]
public class CliTests
{
    [Fact]
    public void Boot_on_this_host_runs_commands_and_halts_with_exit_code_zero()
    {
        var (code, stdout, stderr) = SharpfishProcess.Run("boot", "--run", "cores; halt");
        Assert.True(code == 0, stderr);
        Assert.Contains("booted", stdout, StringComparison.Ordinal);
        Assert.Contains("fish> cores", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot_without_a_terminal_or_commands_gives_the_tour_and_halts()
    {
        var (code, stdout, _) = SharpfishProcess.Run("boot", "--sim", "amd-2x2");
        Assert.Equal(0, code);
        Assert.Contains("fish> help", stdout, StringComparison.Ordinal);
        Assert.Contains("fish> topology", stdout, StringComparison.Ordinal);
        Assert.Contains("fish> halt", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulated_boot_prints_the_same_thing_twice()
    {
        var first = SharpfishProcess.Run("boot", "--sim", "amd-8x4", "--seed", "7", "--run", "ping 20; halt");
        var second = SharpfishProcess.Run("boot", "--sim", "amd-8x4", "--seed", "7", "--run", "ping 20; halt");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("booted 32 core(s)", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Theory]
    [InlineData("no machine model is called 'nope'", "boot", "--sim", "nope")]
    [InlineData("at least one core is needed", "boot", "--cores", "0")]
    [InlineData("has only", "boot", "--cores", "4096", "--pin")]
    [InlineData("has no usable cpu 4095", "boot", "--cores", "0,4095")]
    [InlineData("has only 4 cores", "boot", "--sim", "amd-2x2", "--cores", "5")]
    [InlineData("'x-y' in 'x-y'", "topology", "--cores", "x-y")]
    [InlineData("Unrecognized command or argument '--bogus'", "boot", "--bogus")]
    public void Bad_command_lines_exit_with_2_and_say_why(string why, params string[] args)
    {
        var (code, stdout, stderr) = SharpfishProcess.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(why, stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_shell_command_makes_boot_exit_1_after_halting()
    {
        var (code, stdout, _) = SharpfishProcess.Run("boot", "--sim", "amd-2x2", "--run", "nosuch; halt");
        Assert.Equal(1, code);
        Assert.Contains("unknown command 'nosuch'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Topology_and_machines_write_json()
    {
        var topology = SharpfishProcess.Run("topology", "--sim", "amd-8x4", "--json");
        Assert.Equal(0, topology.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(topology.Stdout);
        Assert.Equal(32, doc.RootElement.GetProperty("cores").GetArrayLength());
        Assert.Equal(11, doc.RootElement.GetProperty("nodeLinks").GetArrayLength());

        var machines = SharpfishProcess.Run("machines", "--json");
        Assert.Equal(0, machines.ExitCode);
        using var list = System.Text.Json.JsonDocument.Parse(machines.Stdout);
        Assert.Equal(4, list.RootElement.GetArrayLength());
    }

    [Fact]
    public void Idl_check_passes_sharpfish_interfaces_and_locates_errors()
    {
        var interfaces = Directory.GetFiles(RepositoryFolder("if"), "*.if");
        Assert.Equal(0, SharpfishProcess.Run(["idl", "check", .. interfaces]).ExitCode);

        var bad = Path.Combine(Path.GetTempPath(), $"sharpfish-{Guid.NewGuid():N}.if");
        File.WriteAllText(bad, "interface bad \"x\" {\n  message m(uint9 a);\n};\n");
        var (code, _, stderr) = SharpfishProcess.Run("idl", "check", bad);
        File.Delete(bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}(2,13): error SFIDL010: unknown type 'uint9'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Idl_gen_writes_the_stubs_to_read()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sharpfish-{Guid.NewGuid():N}");
        var (code, stdout, _) = SharpfishProcess.Run("idl", "gen", Path.Combine(RepositoryFolder("if"), "ping_pong.if"), "-o", folder);
        Assert.Equal(0, code);
        var generated = File.ReadAllText(Path.Combine(folder, "PingPong.g.cs"));
        Directory.Delete(folder, recursive: true);
        Assert.Contains("PingPong.g.cs", stdout, StringComparison.Ordinal);
        Assert.Contains("public ValueTask<ulong> EchoAsync(ulong value)", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urpc", "urpc.json")]
    [InlineData("lrpc", "lrpc.json")]
    [InlineData("rpc", "rpc.json")]
    [InlineData("shootdown", "fig6.png")]
    [InlineData("fig3", "fig3.png")]
    public void Benchmarks_run_and_write_their_results(string benchmark, string file)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sharpfish-{Guid.NewGuid():N}");
        var (code, stdout, stderr) = SharpfishProcess.Run("bench", benchmark, "--quick", "--out", folder);
        var written = File.Exists(Path.Combine(folder, file));
        Directory.Delete(folder, recursive: true);
        Assert.True(code == 0, stderr);
        Assert.True(written, $"{file} was not written");
        Assert.Contains("quick run: do not quote", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in new[] { "boot", "topology", "machines", "bench", "bench urpc", "bench fig3", "bench lrpc", "bench rpc", "bench shootdown", "idl", "idl check", "idl gen" })
        {
            var (code, stdout, _) = SharpfishProcess.Run([.. command.Split(' '), "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>A folder of the repository, found upwards from the test's output folder.</summary>
    private static string RepositoryFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, name)) && File.Exists(Path.Combine(dir.FullName, "Sharpfish.slnx")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new DirectoryNotFoundException($"no repository folder '{name}' above {AppContext.BaseDirectory}");
    }
}
