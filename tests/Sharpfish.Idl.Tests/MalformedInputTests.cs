using Sharpfish.Idl.Diagnostics;

namespace Sharpfish.Idl.Tests;

/// <summary>Broken files: each yields diagnostics at exact positions, with a message naming what is wrong.</summary>
public sealed class MalformedInputTests
{
    [Fact]
    public void A_truncated_file_is_reported_where_it_ends()
    {
        var diagnostics = Idl.Check("interface foo {\n    message m(uint8 x");

        Assert.Equal(
            [("SFIDL006", 2, 22, "expected ',' or ')' after an argument of 'm', found the end of the file"),
             ("SFIDL006", 2, 22, "interface 'foo' is not closed with '}'")],
            diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column, d.Message)));
    }

    [Fact]
    public void A_missing_semicolon_is_reported_after_the_token_it_should_follow()
    {
        var diagnostic = Idl.Single("interface foo {\n    message m()\n    message n();\n};", IdlRules.SyntaxError, 2, 16);

        Assert.Equal("expected ';' after message 'm', found 'message'", diagnostic.Message);
    }

    [Fact]
    public void An_unknown_type_names_itself_and_suggests_the_builtin()
    {
        Assert.Equal("unknown type 'uint9'", Idl.Single(Idl.Interface("message m(uint9 x);"), IdlRules.UnknownType, 2, 11).Message);
        Assert.Equal("unknown type 'string'; the string type is 'String'",
            Idl.Single(Idl.Interface("message m(string s[8]);"), IdlRules.UnknownType, 2, 11).Message);
        Assert.Equal("unknown type 'UINT8'; did you mean 'uint8'?",
            Idl.Single(Idl.Interface("message m(UINT8 x);"), IdlRules.UnknownType, 2, 11).Message);
    }

    [Theory]
    [InlineData("/* never closed\ninterface a { message m(); };", "this comment is never closed with '*/'")]
    [InlineData("/* a /* b */\ninterface a { message m(); };", "this comment is never closed with '*/'")]
    [InlineData("/* a /* b /* c\ninterface a { message m(); };", "this comment (3 levels deep; comments nest) is never closed with '*/'")]
    public void An_unclosed_comment_is_reported_where_it_opens(string text, string message) =>
        Assert.Equal(message, Idl.Single(text, IdlRules.UnterminatedComment, 1, 1).Message);

    [Fact]
    public void A_nested_comment_closes_only_at_its_own_end()
    {
        Assert.Empty(Idl.Check("/* a /* b */ still a comment: message */\ninterface a { message m(); };"));
    }

    [Fact]
    public void A_stray_comment_end_is_reported()
    {
        Assert.Equal("'*/' closes no comment", Idl.Single("interface a {\n    message m(); */\n};", IdlRules.InvalidCharacter, 2, 18).Message);
    }

    [Fact]
    public void Huge_numbers_and_bounds_are_reported_at_the_number()
    {
        var diagnostics = Idl.Check(Idl.Interface("""
            typedef uint8 big[1048577];
            message a(String s[99999999999999999999999]);
            message b(String s[2000000]);
            message c(uint8 d[n, 0]);
            """));

        Assert.Equal(
            [("SFIDL005", 3, 20), ("SFIDL018", 2, 19), ("SFIDL018", 4, 20), ("SFIDL018", 5, 22)],
            diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).Order());
        Assert.Contains(diagnostics, d => d.Message == "the size of argument 's' of message 'b' is 2000000, more than the limit of 1048576 (1 MiB)");
        Assert.Contains(diagnostics, d => d.Message == "the size of argument 'd' of message 'c' is 0; it must be at least 1");
    }

    [Fact]
    public void A_negative_size_is_reported_at_its_sign() =>
        Assert.Equal("numbers cannot be negative: sizes and bounds are at least 1",
            Idl.Single(Idl.Interface("message m(String s[-5]);"), IdlRules.InvalidCharacter, 2, 20).Message);

    [Fact]
    public void Binary_garbage_is_one_diagnostic_per_run()
    {
        var diagnostics = Idl.Check("\0\u0001\u0002\uFFFD interface");

        Assert.Equal(
            [("SFIDL002", 1, 1, "4 characters starting with U+0000 are not allowed in an interface file"),
             ("SFIDL006", 1, 15, "expected the interface's name, found the end of the file")],
            diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column, d.Message)));
    }

    [Fact]
    public void A_name_cannot_start_with_a_prime() => // found by FuzzTests
        Assert.Equal("the character ''' is not allowed in an interface file",
            Idl.Single(Idl.Interface("message m(uint8 'x);"), IdlRules.InvalidCharacter, 2, 17).Message);

    [Fact]
    public void An_unclosed_string_is_reported_and_parsing_goes_on()
    {
        var diagnostics = Idl.Check("interface foo \"desc {\n message m();\n};\n");

        Assert.Equal([("SFIDL004", 1, 15), ("SFIDL006", 1, 22)], diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)));
    }

    [Fact]
    public void Bad_types_keywords_and_directions_are_reported_separately()
    {
        var diagnostics = Idl.Check("interface foo {\n    message m(out uint8 x);\n    rpc r(uint8 y);\n    message q(uint8 d[n, 10], bool n);\n    message in();\n}\n");

        Assert.Equal(
            [("SFIDL014", 2, 15), ("SFIDL015", 3, 11), ("SFIDL016", 4, 23), ("SFIDL006", 5, 13), ("SFIDL006", 6, 2)],
            diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).OrderBy(p => p.Line));
        Assert.Contains(diagnostics, d => d.Message == "expected the message's name, found the keyword 'in', which cannot be used as a name");
    }

    [Fact]
    public void Every_error_after_a_broken_declaration_is_still_found()
    {
        var diagnostics = Idl.Check(Idl.Interface("""
            typedef struct { uint8 a; 42 } broken;
            typedef enum { } none;
            message ok(uint8 x);
            message bad(uint8 x y);
            message also_bad(nosuch z);
            """));

        Assert.Equal(
            ["expected a field's type, found number 42", "expected an enum member, found '}'",
             "expected ',' or ')' after an argument of 'bad', found 'y'", "unknown type 'nosuch'"],
            diagnostics.OrderBy(d => d.Location.Line).Select(d => d.Message));
    }

    [Fact]
    public void Each_diagnostic_formats_as_a_compiler_message()
    {
        var diagnostic = Idl.Single(Idl.Interface("message m(uint9 x);"), IdlRules.UnknownType, 2, 11);

        Assert.Equal("test.if(2,11): error SFIDL010: unknown type 'uint9'", diagnostic.ToString());
        Assert.Equal(IdlSeverity.Error, diagnostic.Severity);
    }
}
