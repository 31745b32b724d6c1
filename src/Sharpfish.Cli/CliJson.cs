using System.Text.Json.Serialization;
using Sharpfish.Bench.Fig3;
using Sharpfish.Bench.Lrpc;
using Sharpfish.Bench.Retype;
using Sharpfish.Bench.Rpc;
using Sharpfish.Bench.Shootdown;
using Sharpfish.Bench.Urpc;
using Sharpfish.Cli.Commands;

namespace Sharpfish.Cli;

/// <summary>Source-generated JSON for every <c>--json</c> output (no reflection: trimming- and AOT-clean).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(List<MachineRow>))]
[JsonSerializable(typeof(TopologyJson))]
[JsonSerializable(typeof(UrpcReport))]
[JsonSerializable(typeof(Fig3Report))]
[JsonSerializable(typeof(LrpcReport))]
[JsonSerializable(typeof(RpcReport))]
[JsonSerializable(typeof(Fig6Report))]
[JsonSerializable(typeof(Fig8Report))]
[JsonSerializable(typeof(List<IdlDiagnosticJson>))]
[JsonSerializable(typeof(SkbRowsJson))]
internal sealed partial class CliJson : JsonSerializerContext;
