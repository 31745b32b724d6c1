using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Platform.Topology;

/// <summary>
/// Which cores to boot, as <c>--cores</c> gives it: nothing (every core), a count ("8": the first eight), or a
/// list of core numbers ("0,2-3": host CPUs when hosted, model cores when simulated).
/// </summary>
public sealed record CoreSelection(int? Count, IReadOnlyList<int>? List)
{
    /// <summary>Every core of the machine.</summary>
    public static CoreSelection All { get; } = new(null, null);

    /// <summary>Parses <c>--cores</c>: a plain number is a count, anything with ',' or '-' is a list.</summary>
    /// <exception cref="SharpfishException">Not a count or a list, or a count below 1.</exception>
    public static CoreSelection Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count >= 1
                ? new CoreSelection(count, null)
                : throw new SharpfishException(ErrorCode.BadCoreList, $"--cores {text}: at least one core is needed");
        }

        var list = CpuList.Parse(text);
        return list.Count > 0 ? new CoreSelection(null, list) : throw new SharpfishException(ErrorCode.BadCoreList, $"--cores '{text}' names no core");
    }

    /// <summary>Applies the selection to a modelled machine (numbers are the model's core ids).</summary>
    /// <exception cref="SharpfishException">More cores, or cores, than the machine has.</exception>
    public MachineTopology ApplyTo(MachineTopology machine)
    {
        if (Count is { } count)
        {
            return count <= machine.CoreCount
                ? machine.Subset([.. Enumerable.Range(0, count)])
                : throw new SharpfishException(ErrorCode.BadCoreList, $"--cores {count}: {machine.Name} has only {machine.CoreCount} cores");
        }

        return List is null ? machine : machine.Subset(List);
    }
}
