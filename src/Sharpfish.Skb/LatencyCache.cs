using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sharpfish.Errors;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Skb;

/// <summary>
/// Measured latencies kept between boots, one file per machine (<c>skb-FINGERPRINT.latency</c>) in the user's cache
/// directory. The fingerprint digests the CPU model and the topology, so another machine, or another choice of
/// cores, never reads this one's numbers. The file is text, ending with a SHA-256 of everything above it; a file
/// that fails the format or the checksum is reported as corrupt and measured anew.
/// </summary>
public static class LatencyCache
{
    private const string Magic = "sharpfish-skb-latency 1";

    /// <summary>The digest that names <paramref name="topology"/>'s cache file: CPU model, cores, caches, nodes.</summary>
    public static string Fingerprint(MachineTopology topology)
    {
        var text = new StringBuilder().Append(topology.CpuModel).Append('|');
        foreach (var c in topology.Cores)
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.OsCpu},{c.Package},{c.Die},{c.PhysicalCore},{c.Node};");
        }

        foreach (var cache in topology.Caches)
        {
            text.Append(CultureInfo.InvariantCulture, $"L{cache.Level}{cache.Kind}{cache.SizeBytes}:{string.Join(',', cache.Cores)};");
        }

        foreach (var row in topology.NodeDistances)
        {
            text.Append(string.Join(',', row)).Append(';');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The cache file in <paramref name="directory"/> of the machine whose <see cref="Fingerprint"/> is
    /// <paramref name="fingerprint"/>.</summary>
    public static string PathFor(string directory, string fingerprint) => Path.Combine(directory, $"skb-{fingerprint}.latency");

    /// <summary>Writes <paramref name="latency"/> to <paramref name="path"/> (atomically: a temporary file renamed).</summary>
    public static void Write(string path, string fingerprint, MachineTopology topology, LatencyMatrix latency)
    {
        var body = new StringBuilder();
        body.Append(Magic).Append('\n');
        body.Append("fingerprint ").Append(fingerprint).Append('\n');
        body.Append("cpu ").Append(topology.CpuModel).Append('\n');
        body.Append(CultureInfo.InvariantCulture, $"cores {latency.Count}\n");
        for (var a = 0; a < latency.Count; a++)
        {
            var row = Enumerable.Range(0, latency.Count).Select(b => latency.RoundTripNs(a, b).ToString("R", CultureInfo.InvariantCulture));
            body.Append(string.Join(' ', row)).Append('\n');
        }

        var checksum = Checksum(body.ToString());
        body.Append("sha256 ").Append(checksum).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, body.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The latencies in <paramref name="path"/>, or null when there is no file.</summary>
    /// <exception cref="SharpfishException">The file is corrupt or is not this machine's (SkbCacheCorrupt).</exception>
    public static LatencyMatrix? Read(string path, string fingerprint, MachineTopology topology)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw Corrupt(path, e.Message);
        }

        var end = text.LastIndexOf("sha256 ", StringComparison.Ordinal);
        if (end < 0 || (end > 0 && text[end - 1] != '\n') || text[(end + 7)..].TrimEnd('\n') != Checksum(text[..end]))
        {
            throw Corrupt(path, "the checksum does not match");
        }

        var lines = text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var n = topology.CoreCount;
        if (lines.Length != n + 4 || lines[0] != Magic || lines[1] != $"fingerprint {fingerprint}"
            || lines[3] != string.Create(CultureInfo.InvariantCulture, $"cores {n}"))
        {
            throw Corrupt(path, "its header is not this version's or not this machine's");
        }

        var ns = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            var row = lines[4 + a].Split(' ');
            for (var b = 0; b < n; b++)
            {
                if (row.Length != n || !double.TryParse(row[b], NumberStyles.Float, CultureInfo.InvariantCulture, out ns[(a * n) + b])
                    || !double.IsFinite(ns[(a * n) + b]) || ns[(a * n) + b] < 0)
                {
                    throw Corrupt(path, $"row {a} is malformed");
                }
            }
        }

        return new LatencyMatrix(n, ns);
    }

    private static string Checksum(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static SharpfishException Corrupt(string path, string why) =>
        new(ErrorCode.SkbCacheCorrupt, $"the latency cache {path} is corrupt: {why}");
}
