using CsCheck;
using Sharpfish.Domains;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.Services;

/// <summary>A program's arguments on the wire: any list of arguments without a NUL comes back as it was.</summary>
public class ArgvTests
{
    [Fact]
    public void Any_arguments_come_back_as_they_were() =>
        Gen.String.Where(a => !a.Contains('\0', StringComparison.Ordinal)).List[0, 6].Sample(arguments =>
            Assert.Equal(arguments, Argv.Decode(Argv.Encode(arguments))));

    [Fact]
    public void A_nul_inside_an_argument_and_an_unended_wire_string_are_refused()
    {
        Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => Argv.Encode(["a\0b"])).Code);
        Assert.Equal(ErrorCode.MalformedMessage, Assert.Throws<SharpfishException>(() => Argv.Decode("a")).Code);
    }
}
