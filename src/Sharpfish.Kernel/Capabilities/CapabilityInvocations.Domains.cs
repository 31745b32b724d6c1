using Sharpfish.Errors;

namespace Sharpfish.Capabilities;

/// <summary>
/// Domains' own CSpaces on one core, and the capabilities that go with a message from one domain to another on it.
/// A domain has a CSpace on every core it spans, rooted in an L1 CNode of 256 slots that the CPU driver makes from
/// kernel memory (memory it keeps for CSpaces, never the RAM pool), and it goes with the domain. A message's
/// capabilities land in free receive slots of the receiver's CSpace (<see cref="CSpace.FirstReceiveSlot"/>): every
/// one is checked before any moves, so a refused send leaves the database as it was and every capability with the
/// sender.
/// </summary>
public sealed partial class CapabilityInvocations
{
    /// <summary>Makes a domain's CSpace rooted in an L1 CNode over the kernel memory [<paramref name="b"/>,
    /// b + <see cref="RetypeTable.L2CNodeBytes"/>) (page-aligned, used by nothing else on this core).</summary>
    internal CSpace CreateDomainCSpace(ulong b)
    {
        Own();
        var memory = NewEntry(new Capability(ObjType.Ram, b, RetypeTable.L2CNodeBytes, CapRights.All), null, 0);
        var rootCap = new Capability(ObjType.L1CNode, b, RetypeTable.L2CNodeBytes, CapRights.All);
        var node = new CNode(rootCap);
        _cnodes[b] = node;
        var cspace = NewCSpace(NewEntry(rootCap, null, 0), node);
        cspace.KernelMemory = memory;
        return cspace;
    }

    /// <summary>Copies, or moves where give-away, each of <paramref name="caps"/> from <paramref name="from"/> into a
    /// free receive slot of <paramref name="to"/>: all or none. Each needs the grant right, and a moved one a slot its
    /// holder may write. <paramref name="received"/> gets where each landed (<see cref="CapRef.Null"/> for a null
    /// one, which travels as no capability).</summary>
    internal ErrorCode Give(CSpace from, IReadOnlyList<(CapRef Capability, bool GiveAway)> caps, CSpace to, CapRef[] received)
    {
        Own();
        var sources = new Cte?[caps.Count];
        var last = CSpace.FirstReceiveSlot - 1;
        for (var i = 0; i < caps.Count; i++)
        {
            var (where, move) = caps[i];
            received[i] = CapRef.Null;
            if (where == CapRef.Null)
            {
                continue;
            }

            var err = Giveable(from, where, move, out var entry);
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            if (move && Array.IndexOf(sources, entry) >= 0)
            {
                return ErrorCode.BadArgument; // one capability given away twice
            }

            if (!to.FreeReceiveSlot(last, out received[i]))
            {
                return ErrorCode.CSpaceFull;
            }

            last = (int)received[i].RootSlot;
            sources[i] = entry;
        }

        for (var i = 0; i < caps.Count; i++)
        {
            if (sources[i] is { } src)
            {
                CopyRelations(src, Put(to.RootNode, received[i].RootSlot, src.Cap));
                if (caps[i].GiveAway)
                {
                    DeleteEntry(src); // a copy remains (the one just made): nothing is reclaimed
                }
            }
        }

        return ErrorCode.Ok;
    }

    /// <summary>Checks, changing nothing, that the capability in <paramref name="where"/> of <paramref name="cspace"/>
    /// may be sent to another domain (the grant right; a slot its holder may write when it is given away).</summary>
    public ErrorCode CheckGive(CSpace cspace, CapRef where, bool giveAway)
    {
        Own();
        if (where == CapRef.Null)
        {
            return ErrorCode.Ok;
        }

        return Giveable(cspace, where, giveAway, out _);
    }

    /// <summary><paramref name="count"/> free receive slots of <paramref name="cspace"/> for capabilities that arrive
    /// together from another core.</summary>
    internal ErrorCode ReceiveSlots(CSpace cspace, int count, out CapRef[] slots)
    {
        Own();
        slots = new CapRef[count];
        var last = CSpace.FirstReceiveSlot - 1;
        for (var i = 0; i < count; i++)
        {
            if (!cspace.FreeReceiveSlot(last, out slots[i]))
            {
                return ErrorCode.CSpaceFull;
            }

            last = (int)slots[i].RootSlot;
        }

        return ErrorCode.Ok;
    }

    private ErrorCode Giveable(CSpace cspace, CapRef where, bool move, out Cte? entry)
    {
        var err = Resolve(cspace, where, CapRights.Grant, out entry);
        if (err == ErrorCode.Ok && move)
        {
            err = cspace.Locate(where, forWrite: true, out _, out _);
        }

        return err != ErrorCode.Ok ? err : IsLocked(entry!.Cap) ? ErrorCode.CapLocked : ErrorCode.Ok;
    }
}
