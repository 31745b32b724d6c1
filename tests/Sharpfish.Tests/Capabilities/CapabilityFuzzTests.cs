using CsCheck;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// Invocations with arbitrary arguments — references that name nothing or something of the wrong type, types out
/// of range, sizes, offsets and counts anywhere — against a database built up by valid steps: nothing throws, and
/// every refused invocation leaves the database's digest exactly as it was.
/// </summary>
public class CapabilityFuzzTests
{
    private static readonly Gen<CapRef> AnyRef = Gen.OneOf(
        Gen.Int[0, 300].Select(CapRef.Root),
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 255]).Select((r, s) => CapRef.InL2(r, s)),
        Gen.ULong.Select(a => new CapRef(a)));

    private static readonly Gen<ulong> AnyNumber = Gen.OneOf(Gen.ULong, Gen.ULong[0, 1 << 20], Gen.Int[0, 30].Select(b => 1UL << b));

    [Fact]
    public void Refused_invocations_change_nothing() =>
        Gen.Select(Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1], Gen.Int[0, 5000], Gen.Int[0, 5000], Gen.Int[0, 5000]).Array[10, 40],
                Gen.Select(Gen.Int[0, 6], AnyRef, AnyRef, Gen.Byte, AnyNumber, AnyNumber, Gen.Int[-3, 70_000]).Array[50, 100])
            .Sample((setup, attacks) =>
            {
                var harness = new CapabilityHarness();
                foreach (var (op, a, b, c, d) in setup)
                {
                    harness.Step(op, a, b, c, d);
                }

                var db = harness.Db;
                var space = db.CSpaces.First();
                foreach (var (op, x, y, t, offset, size, count) in attacks)
                {
                    var before = db.Digest();
                    var err = op switch
                    {
                        0 => db.Retype(space, x, (ObjType)t, offset, size, count, y, count % 300),
                        1 => db.Copy(space, x, y),
                        2 => db.Mint(space, x, y, (CapRights)t),
                        3 => db.Delete(space, x),
                        4 => db.Revoke(space, x),
                        5 => db.Identify(space, x, out _),
                        _ => db.Transfer(space, x, space, y, space, x, move: (t & 1) == 1),
                    };
                    Assert.True(err == ErrorCode.Ok || before == db.Digest(), $"invocation {op} ({x}, {y}, {t}, {offset}, {size}, {count}) was refused with {err} but changed the database");
                    Assert.True(err == ErrorCode.Ok || (int)err is >= 600 and < 700, $"invocation {op} failed with {err}, not a capability error");
                }
            }, iter: 60, threads: 1);
}
