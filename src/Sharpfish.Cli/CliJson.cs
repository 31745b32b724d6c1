using System.Text.Json.Serialization;
using Sharpfish.Cli.Commands;

namespace Sharpfish.Cli;

/// <summary>Source-generated JSON for every <c>--json</c> output (no reflection: trimming- and AOT-clean).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<MachineRow>))]
[JsonSerializable(typeof(TopologyJson))]
internal sealed partial class CliJson : JsonSerializerContext;
