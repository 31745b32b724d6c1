using Sharpfish.Errors;
using Sharpfish.Services.Fish;
using Xunit;

namespace Sharpfish.Tests.Services;

/// <summary>How fish splits a line into commands and words: quotes keep spaces and ';' inside one word.</summary>
public class CommandLineTests
{
    [Fact]
    public void Semicolons_split_commands_except_inside_quotes()
    {
        Assert.Equal(["ps", "skb query 'select 1; select 2'", "halt"], CommandLine.Commands(" ps ;; skb query 'select 1; select 2' ; halt "));
    }

    [Fact]
    public void Quotes_group_words_and_are_dropped()
    {
        Assert.Equal(["skb", "query", "select * from cores where id = \"x\""], CommandLine.Words("skb  query 'select * from cores where id = \"x\"'"));
        Assert.Equal(["spawn", "hello", "a b", ""], CommandLine.Words("spawn hello \"a b\" ''"));
    }

    [Theory]
    [InlineData("skb query 'oops")]
    [InlineData("spawn hello \"a")]
    public void An_unterminated_quote_is_a_clear_error(string line)
    {
        var error = Assert.Throws<SharpfishException>(() => CommandLine.Commands(line));
        Assert.Equal(ErrorCode.BadArgument, error.Code);
        Assert.Contains("unterminated", error.Message, StringComparison.Ordinal);
    }
}
