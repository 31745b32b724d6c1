using System.Globalization;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Intermon;
using Capability = Sharpfish.Capabilities.Capability;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// <c>capcheck SEED STEPS</c>: a program that runs random capability operations (retype, copy, mint, delete, revoke,
/// send, give) on every core's monitor CSpace through its monitor, against <see cref="DistributedCapabilityModel"/>.
/// After every step it reads every core's capabilities and checks: the same as the model on every core; no two live
/// objects overlap unless copies or related; the memory given back to each core's pool is what the model gave back;
/// owners agree on every copy; the remote-relation bits cover every relation on another core; nothing is locked.
/// It prints <c>capcheck passed</c> or what failed, with the seed and the last operations.
/// </summary>
internal static class DistributedCapabilityDriver
{
    public static Module Module { get; } = new("capcheck", "random capability operations across cores against a model", RunAsync);

    /// <summary><c>capstorm SEED STEPS</c>: random operations with no model and no checks, for running several at once
    /// (each waits for locks, retries when busy) and for killing mid-operation; <c>capcheck SEED 0</c> checks after.</summary>
    public static Module Storm { get; } = new("capstorm", "random capability operations across cores, unchecked", StormAsync);

    private static async Task<int> StormAsync(DomainContext context)
    {
        var seed = long.Parse(context.Arguments[0], CultureInfo.InvariantCulture);
        var steps = int.Parse(context.Arguments[1], CultureInfo.InvariantCulture);
        var cores = context.Cpu.Platform.Topology.CoreCount;
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var model = new DistributedCapabilityModel(await PoolsAsync(context, cores));
        var done = 0;
        for (var step = 0; step < steps; step++)
        {
            var (_, _, err) = await StepAsync(context, model, random, cores);
            done += err == ErrorCode.Ok ? 1 : 0;
        }

        context.WriteLine($"capstorm done: {done} of {steps} operations went through");
        return 0;
    }

    internal static async Task<List<(ulong, ulong)>> PoolsAsync(DomainContext context, int cores)
    {
        var pools = new List<(ulong, ulong)>();
        for (var core = 0; core < cores; core++)
        {
            var (_, _, entries) = await ListAsync(context, core);
            var pool = entries.Where(e => e.InSlot && e.Cap.Type == ObjType.Ram).MaxBy(e => e.Cap.Bytes)!;
            pools.Add((pool.Cap.Base, pool.Cap.Bytes));
        }

        return pools;
    }

    private static async Task<int> RunAsync(DomainContext context)
    {
        var seed = long.Parse(context.Arguments[0], CultureInfo.InvariantCulture);
        var steps = int.Parse(context.Arguments[1], CultureInfo.InvariantCulture);
        var cores = context.Cpu.Platform.Topology.CoreCount;
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var pools = await PoolsAsync(context, cores);
        var model = new DistributedCapabilityModel(pools);
        if (steps == 0)
        {
            // After others ran unchecked: only the invariants between cores.
            var found = await CheckAsync(context, null, pools, cores);
            context.WriteLine(found is null ? "capcheck passed the invariants" : $"capcheck FAILED: {found}");
            return found is null ? 0 : 1;
        }

        var history = new List<string>();
        var successes = new Dictionary<string, int>();
        for (var step = 0; step < steps; step++)
        {
            var (name, expected, err) = await StepAsync(context, model, random, cores);
            history.Add($"{name} -> {err}");
            if (expected != (err == ErrorCode.Ok))
            {
                return Fail(context, seed, step, $"the model says {(expected ? "ok" : "refused")}, the system {err}", history);
            }

            if (expected)
            {
                var kind = name[..name.IndexOf(' ', StringComparison.Ordinal)];
                successes[kind] = successes.GetValueOrDefault(kind) + 1;
            }

            var problem = await CheckAsync(context, model, pools, cores);
            if (problem is not null)
            {
                return Fail(context, seed, step, problem, history);
            }
        }

        context.WriteLine($"capcheck passed {steps} steps: " + string.Join(", ", successes.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
        return 0;
    }

    private static int Fail(DomainContext context, long seed, int step, string problem, List<string> history)
    {
        context.WriteLine($"capcheck FAILED (seed {seed}) at step {step}: {problem}; last operations: {string.Join("; ", history.TakeLast(8))}");
        return 1;
    }

    private static async Task<(string, bool, ErrorCode)> StepAsync(DomainContext context, DistributedCapabilityModel model, Random random, int cores)
    {
        // Mostly operate on what exists (and into free slots), sometimes on anything: refusals are checked too.
        var holders = model.Holders();
        var core = holders.Count > 0 && random.Next(4) != 0 ? holders[random.Next(holders.Count)] : random.Next(cores);
        long Slot() => DistributedCapabilityModel.FirstSlot + random.Next(DistributedCapabilityModel.Slots);
        var held = model.Occupied(core);
        var slot = held.Count > 0 && random.Next(8) != 0 ? held[random.Next(held.Count)] : Slot();
        var destination = Slot();
        for (var tries = 0; tries < 4 && held.Contains(destination); tries++)
        {
            destination = Slot();
        }

        switch (random.Next(9))
        {
            case 0 or 1 or 2:
            {
                var source = held.Count == 0 || random.Next(4) == 0 ? DistributedCapabilityModel.PoolSlot : slot;
                var type = random.Next(2) == 0 ? ObjType.Ram : ObjType.Frame;
                var size = RetypeTable.PageBytes << random.Next(5);
                var offset = size * (ulong)random.Next(3);
                var count = 1 + random.Next(2);
                var expected = model.Retype(core, source, type, offset, size, count, destination);
                var err = await InvokeAsync(context, core, CapOperation.CapopRetype, source, type, offset, size, count, destination, 0, CapRights.None);
                return ($"retype {core}:{source} {type} +{offset:x} {size:x}x{count} -> {destination}", expected, err);
            }

            case 3:
            {
                var expected = model.Mint(core, slot, destination, null);
                return ($"copy {core}:{slot} -> {destination}", expected, await InvokeAsync(context, core, CapOperation.CapopCopy, slot, 0, 0, 0, 0, destination, 0, CapRights.None));
            }

            case 4:
            {
                var rights = (CapRights)random.Next(32);
                var expected = model.Mint(core, slot, destination, rights);
                return ($"mint {core}:{slot} {rights} -> {destination}", expected, await InvokeAsync(context, core, CapOperation.CapopMint, slot, 0, 0, 0, 0, destination, 0, rights));
            }

            case 5:
                return ($"delete {core}:{slot}", model.Delete(core, slot), await InvokeAsync(context, core, CapOperation.CapopDelete, slot, 0, 0, 0, 0, 0, 0, CapRights.None));
            case 6:
                return ($"revoke {core}:{slot}", model.Revoke(core, slot), await InvokeAsync(context, core, CapOperation.CapopRevoke, slot, 0, 0, 0, 0, 0, 0, CapRights.None));
            default:
            {
                var to = (core + 1 + random.Next(cores - 1)) % cores;
                var move = random.Next(2) == 0;
                var expected = model.Send(core, slot, to, destination, move);
                var err = await InvokeAsync(context, core, move ? CapOperation.CapopGive : CapOperation.CapopSend, slot, 0, 0, 0, 0, destination, to, CapRights.None);
                return ($"{(move ? "give" : "send")} {core}:{slot} -> {to}:{destination}", expected, err);
            }
        }
    }

    internal static async Task<ErrorCode> InvokeAsync(DomainContext context, int core, CapOperation operation, long source, ObjType type, ulong offset, ulong bytes, int count, long destination, int toCore, CapRights rights)
    {
        var response = await context.Monitor.CapInvokeAsync((uint)core, (byte)operation, CapRef.Root((int)source).Address, (byte)type, offset, bytes, (uint)count,
            CapRef.Root((int)destination).Address, (uint)toCore, (byte)rights);
        return response.Err;
    }

    /// <summary>What every core holds against the model, and the invariants between cores.</summary>
    private static async Task<string?> CheckAsync(DomainContext context, DistributedCapabilityModel? model, List<(ulong Base, ulong Bytes)> pools, int cores)
    {
        var all = new List<(int Core, Entry Entry)>();
        for (var core = 0; core < cores; core++)
        {
            var (returned, busy, entries) = await ListAsync(context, core);
            if (busy)
            {
                return $"core {core} still holds a lock or has operations waiting";
            }

            if (model is not null && returned != model.Returned[core])
            {
                return $"core {core}'s pool got {returned:x} bytes back, the model {model.Returned[core]:x}";
            }

            all.AddRange(entries.Where(e => e.Cap.Type is ObjType.Ram or ObjType.Frame).Select(e => (core, e)));
        }

        var tested = all.Where(x => x.Entry.InSlot && (x.Entry.Cap.Base, x.Entry.Cap.Bytes) != pools[x.Core]).ToList();
        var real = tested.Select(x => Line(x.Core, x.Entry.Cap)).Order(StringComparer.Ordinal).ToArray();
        var expected = model?.All.Select(x => Line(x.Core, x.Cap)).Order(StringComparer.Ordinal).ToArray() ?? real;
        if (!real.SequenceEqual(expected))
        {
            return $"the capabilities differ: system has {string.Join(", ", real.Except(expected))}; the model has {string.Join(", ", expected.Except(real))}";
        }

        foreach (var (core, e) in tested)
        {
            foreach (var (other, o) in all)
            {
                var overlap = o.Cap.Base < e.Cap.End && e.Cap.Base < o.Cap.End;
                if (overlap && !e.Cap.IsCopyOf(o.Cap) && !e.Cap.IsDescendantOf(o.Cap) && !o.Cap.IsDescendantOf(e.Cap))
                {
                    return $"unrelated objects overlap: {e.Cap} on core {core} and {o.Cap} on core {other}";
                }

                if (e.Cap.IsCopyOf(o.Cap) && e.Owner != o.Owner)
                {
                    return $"copies of {e.Cap} disagree on the owner: core {core} says {e.Owner}, core {other} says {o.Owner}";
                }

                if (other != core && e.Cap.IsCopyOf(o.Cap) && (e.Remote & RemoteRelations.Copies) == 0)
                {
                    return $"{e.Cap} on core {core} does not know of its copy on core {other}";
                }

                if (other != core && o.Cap.IsDescendantOf(e.Cap) && (e.Remote & (RemoteRelations.Copies | RemoteRelations.Descendants)) == 0)
                {
                    return $"{e.Cap} on core {core} does not know of its descendant {o.Cap} on core {other}";
                }
            }

            var ancestorHere = all.Any(x => x.Core == core && e.Cap.IsDescendantOf(x.Entry.Cap));
            if (!ancestorHere && (e.Remote & RemoteRelations.Ancestors) == 0)
            {
                return $"{e.Cap} on core {core} has its ancestors only on other cores but does not know it";
            }
        }

        return null;
    }

    private static string Line(int core, Capability cap) => string.Create(CultureInfo.InvariantCulture, $"{core}:{cap.Type}@{cap.Base:x}+{cap.Bytes:x}/{cap.Rights}");

    internal static async Task<(ulong Returned, bool Busy, List<Entry> Entries)> ListAsync(DomainContext context, int core)
    {
        var response = await context.Monitor.CapInvokeAsync((uint)core, (byte)CapOperation.CapopList, 0, 0, 0, 0, 0, 0, 0, 0);
        var lines = response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var head = lines[0].Split('\t');
        var entries = lines.Skip(1).Select(line =>
        {
            var f = line.Split('\t');
            ulong Hex(int i) => ulong.Parse(f[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int Int(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            var cap = new Capability((ObjType)Int(0), Hex(1), Hex(2), (CapRights)Int(3));
            return new Entry(cap, Int(4), (RemoteRelations)Int(6), f[8] == "1");
        }).ToList();
        var busy = head[3] != "0" || head[5] != "0" || lines.Skip(1).Any(l => l.Split('\t')[7] == "1");
        return (ulong.Parse(head[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), busy, entries);
    }

    internal sealed record Entry(Capability Cap, int Owner, RemoteRelations Remote, bool InSlot);
}
