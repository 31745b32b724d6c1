using Sharpfish.Platform.Machines;
using Sharpfish.Skb;

namespace Sharpfish.Tests.Skb;

/// <summary>SKB databases of the machine models, built as a simulated boot builds them.</summary>
internal static class SkbTestMachines
{
    public static SkbDatabase Open(string machine, SkbOptions? options = null)
    {
        var model = MachineModels.Find(machine);
        var facts = new SkbFacts(model.Topology, LatencyCache.Fingerprint(model.Topology), "simulated", model.Name, LatencyMatrix.FromModel(model.Topology, model.Latency), new Measurement("model", 0, "test"), []);
        return SkbDatabase.Create(facts, options ?? new SkbOptions());
    }
}
