using CsCheck;
using Sharpfish.Errors;
using Sharpfish.Platform.Topology;
using Xunit;

namespace Sharpfish.Tests.Platform;

public class CpuListTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("0-1,4,6-7", new[] { 0, 1, 4, 6, 7 })]
    [InlineData(" 3, 1 ,1", new[] { 1, 3 })]
    [InlineData("", new int[0])]
    public void Parses_lists(string text, int[] expected) => Assert.Equal(expected, CpuList.Parse(text));

    [Theory]
    [InlineData("a", "'a'")]
    [InlineData("3-1", "backwards")]
    [InlineData("1--2", "'1--2'")]
    [InlineData("99999", "larger than")]
    [InlineData("-1", "'-1'")]
    public void Rejects_malformed_lists_saying_where(string text, string why)
    {
        var e = Assert.Throws<SharpfishException>(() => CpuList.Parse(text));
        Assert.Equal(ErrorCode.BadCoreList, e.Code);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_then_parse_is_identity() =>
        Gen.Int[0, 300].HashSet[0, 40].Sample(set =>
        {
            var sorted = set.Order().ToArray();
            return CpuList.Parse(CpuList.Format(sorted)).SequenceEqual(sorted);
        });
}
