using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Services.Programs;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// mem_serv on the simulated platform: a client on some core allocates from mem_serv's dispatcher on its own core,
/// gets clear refusals for bad requests, and sees every byte come back when it frees; what a client that ended
/// without freeing held comes back too; the shell shows it.
/// </summary>
public class MemServTests
{
    private static readonly Module Client = new("memclient", "allocates and frees through mem_serv on its core", async context =>
    {
        var iref = await context.LookupAsync(SystemModules.MemServName(context.CoreId), wait: true);
        var mem = await context.BindAsync(iref, (tx, rx) => new MemBinding(tx, rx, new MemClient()));
        var (free, total) = await mem.AvailableAsync();
        Expect(free == total && total > 0, $"the pool is all free, whatever clients before held ({free} of {total})");
        Expect(total == 1 << 20, $"mem_serv's CSpace takes nothing from the pool until it needs L2 CNodes ({total})");
        if (context.Arguments is ["hog"])
        {
            // Takes 16 KiB blocks until it is killed, waiting whenever the pool runs dry.
            while (true)
            {
                if ((await mem.AllocateAsync(14, 0, ulong.MaxValue)).Err == ErrorCode.OutOfPhysicalMemory)
                {
                    context.WriteLine("memclient has it all");
                    await context.Dispatcher.SleepAsync(100_000);
                }
            }
        }

        if (context.Arguments is ["leak"])
        {
            foreach (var bits in new byte[] { 12, 15, 17 })
            {
                Expect((await mem.AllocateAsync(bits, 0, ulong.MaxValue)).Err == ErrorCode.Ok, "allocate");
            }

            Expect((await mem.AvailableAsync()).Available == total - 4096 - 32768 - 131072, "allocated");
            context.WriteLine("memclient leaves without freeing");
            return 0;
        }

        var blocks = new List<CapRef>();
        var bases = new HashSet<ulong>();
        foreach (var bits in new byte[] { 12, 14, 16, 12, 13 })
        {
            var (err, ram, b) = await mem.AllocateAsync(bits, 0, ulong.MaxValue);
            Expect(err == ErrorCode.Ok, $"allocate 2^{bits}: {err}");
            Expect(b % (1UL << bits) == 0 && bases.Add(b), $"block 0x{b:x} of 2^{bits} is aligned and new");
            Expect(context.Cpu.Caps.Identify(context.CSpace, ram, out var cap) == ErrorCode.Ok && cap.Type == ObjType.Ram && cap.Base == b && cap.Bytes == 1UL << bits,
                $"the RAM capability of 0x{b:x} is in the client's CSpace at {ram}");
            blocks.Add(ram);
        }

        var (afterAlloc, _) = await mem.AvailableAsync();
        Expect(afterAlloc == free - (4096 + 16384 + 65536 + 4096 + 8192), $"available after allocating: {afterAlloc}");
        var (refused, none, _) = await mem.AllocateAsync(5, 0, ulong.MaxValue);
        Expect(refused == ErrorCode.BadObjectSize && none == CapRef.Null, "2^5 bytes is refused, with no capability");
        Expect((await mem.AllocateAsync(12, 0, 4096)).Err == ErrorCode.OutOfPhysicalMemory, "a window below the pool is refused");
        Expect((await mem.AllocateAsync(30, 0, ulong.MaxValue)).Err == ErrorCode.OutOfPhysicalMemory, "more than the pool is refused");
        foreach (var ram in blocks)
        {
            Expect(await mem.FreeAsync(ram) == ErrorCode.Ok, "free");
            Expect(context.Cpu.Caps.Identify(context.CSpace, ram, out _) == ErrorCode.SlotEmpty, "free gives the capability away");
        }

        var second = await CapTransferPrograms.Outcome(() => mem.FreeAsync(blocks[0]), err => err);
        Expect(second == ErrorCode.SlotEmpty, $"a second free is refused by the sender's CPU driver ({second})");
        var (afterFree, _) = await mem.AvailableAsync();
        Expect(afterFree == free, $"everything is back after free ({afterFree} of {free})");
        context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memclient ok: {total} bytes"));
        return 0;
    });

    [Fact]
    public void Clients_allocate_locally_and_get_everything_back() =>
        Gen.Select(Gen.Long, Gen.Int[0, 3]).Sample((seed, core) =>
        {
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var leak = core == 0 ? Identifiers.Domain(0, 6) : Identifiers.Domain(core, 2); // on core 0 after mem_serv (5)
            var (result, output, _) = TestSystem.BootWithMonitors(platform,
                ["spawn mem_serv", $"spawn memclient --core {core} --wait leak", $"spawn memclient --core {core} --wait", "mem", "caps 5", "caps 9", $"caps {leak:x}", "halt"], [Client]);

            Assert.True(result.ExitCode == 1, $"seed {seed}: {result.Error}\n{output}"); // caps 9 fails
            Assert.True(output.Contains($"on core {core}] memclient ok: {1 << 20} bytes", StringComparison.Ordinal), output); // mem_serv's root CNode is not the pool's
            Assert.Contains("memclient leaves without freeing", output, StringComparison.Ordinal);
            Assert.DoesNotContain("exit code 1", output, StringComparison.Ordinal);
            Assert.Equal(2, output.Split("ended with exit code 0").Length - 1);
            // Four cores of 1 MiB, all free.
            Assert.Matches(@"│ all +│ +│ 4 MiB +│ 0 B +│ 4 MiB +│", output);
            Assert.Equal(4, Regex.Count(output, "mem_serv 5 on core [0-3]")); // its CSpace on every core it spans
            Assert.Equal(4, Regex.Count(output, @"1: Ram \[0x\w+, 0x\w+\) 1 MiB All")); // each core's pool, copied into the server's own CSpace
            Assert.DoesNotContain("Kernel", output, StringComparison.Ordinal); // not the boot CSpace
            Assert.Contains("caps: no domain 9", output, StringComparison.Ordinal);
            Assert.Contains($"caps: domain {leak:x} has ended, and its CSpaces with it", output, StringComparison.Ordinal);
        }, iter: 4, threads: 1);

    [Fact]
    public void A_domain_killed_while_allocating_leaves_all_its_memory_behind() =>
        Gen.Select(Gen.Long, Gen.Int[1, 3]).Sample((seed, core) =>
        {
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var hog = Identifiers.Domain(core, 2);
            var (result, output, _) = TestSystem.BootWithMonitors(platform,
            [
                "spawn mem_serv", $"spawn memclient --core {core} hog", "sleep 0.01", $"kill {hog:x}", $"wait {hog:x}",
                $"spawn memclient --core {core} --wait after-hog", "halt",
            ], [Client]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.Contains($"on core {core}] memclient has it all", output, StringComparison.Ordinal);
            Assert.Contains($"on core {core}] memclient ok: {1 << 20} bytes", output, StringComparison.Ordinal);
        }, iter: 3, threads: 1);

    [Fact]
    public void Mem_starts_one_server_a_second_is_refused_and_a_restarted_one_finds_all_memory_free() =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated("amd-2x2", seed);
            var memServ = Identifiers.Domain(0, 5);
            var (result, output, _) = TestSystem.BootWithMonitors(platform,
            [
                "mem", "mem", "spawn mem_serv", "sleep 0.001", "mem", $"kill {memServ:x}", $"wait {memServ:x}", "mem", $"caps {Identifiers.Domain(0, 7):x}", "halt",
            ]);

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.Equal(2, output.Split("started mem_serv as domain").Length - 1); // the first mem, and the mem after the kill
            Assert.Contains("another server already serves this core", output, StringComparison.Ordinal);
            Assert.Equal(4, Regex.Count(output, @"│ all +│ +│ 4 MiB +│ 0 B +│ 4 MiB +│"));
            Assert.Contains("mem_serv 7 on core 2", output, StringComparison.Ordinal); // the restarted server's CSpace
        }, iter: 3, threads: 1);

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new SharpfishException(ErrorCode.ProtocolViolation, $"memclient: {what}");
        }
    }
}
