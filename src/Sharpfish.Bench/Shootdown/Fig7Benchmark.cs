using System.Globalization;
using Sharpfish.Bench.Harness;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Services.Boot;
using Sharpfish.Services.Programs;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// <c>bench shootdown</c>, Figure 7: the end-to-end latency of changing the rights of a page mapped on N cores, as
/// a program sees it, on the whole running system. A domain on core 0 takes RAM from mem_serv, builds its address
/// space, maps a page, spans the first N cores and starts a thread on each that joins the address space and keeps
/// reading the page (so every core holds its translation, filling its TLB again soon after each shootdown). The
/// home then times <see cref="Runtime.VirtualMemory.VSpace.ProtectAsync"/> taking write permission away: the checked
/// page-table invocation, the request to its monitor, the monitors' one-phase commit over the domain's cores
/// (invalidation on each, by the protocol the SKB picks for N cores or the one given), the answer and the thread's
/// wake-up; it gives the right back untimed. Finally it writes a stop mark into the page, which the readers see.
/// </summary>
public static class Fig7Benchmark
{
    private const ulong Stop = 0x5707;
    private const long ReadEveryNs = 2_000;
    private const byte RamBits = 16;
    private const string Sample = "protect";

    /// <summary>The timed protects of <paramref name="rounds"/> on every core of <paramref name="platform"/> with
    /// <paramref name="protocol"/> through the monitors, in cycles; the first quarter warms up and is dropped.</summary>
    /// <exception cref="SharpfishException">Fewer than two cores, broadcast (the monitors do not run it), or the run
    /// failed.</exception>
    public static IReadOnlyList<long> RunRounds(Platform.Platform platform, ShootdownProtocol protocol, int rounds)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.Topology.CoreCount < 2)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "a shootdown needs at least two cores");
        }

        var module = new Module("bench-shootdown", "times protects of a page mapped on every core",
            context => MeasureAsync(context, rounds), new Dictionary<string, Func<DomainContext, string, Task>> { ["read"] = ReadAsync });
        var result = SystemBoot.Run(platform, new BootOptions(["spawn mem_serv", "spawn bench-shootdown --wait", "halt"], Interactive: false, Color: false,
            ExtraPrograms: [module], Shootdown: protocol));
        var records = platform.Results.ReadAll();
        var problem = BenchResults.Text(records, BenchResults.Problem);
        var samples = BenchResults.Integers(records, Sample);
        if (result.ExitCode != 0 || problem is not null || samples.Length < rounds)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"bench shootdown (Figure 7) on {platform.Topology.CoreCount} core(s) failed: {problem ?? result.Error ?? "nothing measured"}");
        }

        return samples[(rounds / 4)..];
    }

    /// <summary>The home, on core 0: hands each timed protect's cycles out through the result port as it goes, or
    /// the problem that stopped it.</summary>
    private static async Task<int> MeasureAsync(DomainContext context, int rounds)
    {
        var cores = context.Cpu.Platform.Topology.CoreCount;
        var clock = context.Cpu.Core;
        try
        {
            var mem = await context.BindAsync(await context.LookupAsync(SystemModules.MemServName(context.CoreId), wait: true), (tx, rx) => new MemBinding(tx, rx, new MemClient()));
            var (err, ram, _) = await mem.AllocateAsync(RamBits, 0, ulong.MaxValue);
            err.ThrowUnlessOk("take RAM from mem_serv");
            if (!context.Slots.TryAllocateRoot(out var cnode))
            {
                throw new SharpfishException(ErrorCode.CSpaceFull, "no root slot for the address space's CNode");
            }

            var vspace = context.CreateAddressSpace(context.CSpace, ram, (int)cnode.RootSlot);
            var va = vspace.AllocateMapped(RetypeTable.PageBytes, CapRights.Read | CapRights.Write);
            var iref = await context.ShareAddressSpaceAsync(vspace);
            var joined = await context.Threads.CreateSemaphoreAsync(0);
            var stopped = await context.Threads.CreateSemaphoreAsync(0);
            for (var core = 1; core < cores; core++)
            {
                await context.SpanAsync(core);
                await context.StartThreadAsync(core, "read", string.Create(CultureInfo.InvariantCulture, $"{iref} {vspace.RootTable} {va} {joined.Handle} {stopped.Handle}"));
            }

            for (var core = 1; core < cores; core++)
            {
                await joined.WaitAsync();
            }

            for (var i = 0; i < rounds; i++)
            {
                var start = clock.NowCycles;
                await vspace.ProtectAsync(va, 1, CapRights.Read);
                context.WriteResult(Sample, clock.NowCycles - start);
                await vspace.ProtectAsync(va, 1, CapRights.Read | CapRights.Write);
            }

            vspace.View.Write(va, Stop);
            for (var core = 1; core < cores; core++)
            {
                await stopped.WaitAsync();
            }
        }
        catch (SharpfishException e)
        {
            context.WriteResult(BenchResults.Problem, e.Message);
            return 1;
        }

        return 0;
    }

    /// <summary>A reader on another core: joins the address space, reads the page until it holds the stop mark.</summary>
    private static async Task ReadAsync(DomainContext context, string argument)
    {
        var parts = argument.Split(' ');
        var remote = await context.JoinAddressSpaceAsync(uint.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture));
        var va = ulong.Parse(parts[2], CultureInfo.InvariantCulture);
        await (await context.Threads.OpenSemaphoreAsync(SyncHandle.Parse(parts[3]))).PostAsync();
        while (await remote.View.ReadAsync<ulong>(va) != Stop)
        {
            await context.Dispatcher.SleepAsync(ReadEveryNs);
        }

        await (await context.Threads.OpenSemaphoreAsync(SyncHandle.Parse(parts[4]))).PostAsync();
    }
}
