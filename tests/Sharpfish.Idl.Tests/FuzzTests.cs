using CsCheck;
using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Tests;

/// <summary>The compiler never throws and never hangs, whatever it is fed; every diagnostic points into the file.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Tokens =
    [
        "interface", "message", "rpc", "in", "out", "typedef", "alias", "struct", "enum", "MESSAGE", "{", "}", "(", ")",
        "[", "]", ";", ",", "=", "@", "uint8", "uint64", "String", "cap", "errval", "coreid", "x", "y'", "len", "0", "7",
        "0x10", "99999999999999999999", "2048", "\"text\"", "\"open", "/*", "*/", "//", "\n", " ", "\t", "#", "\0",
    ];

    [Fact]
    public void Random_bytes_yield_diagnostics_not_exceptions() =>
        Gen.Byte.Array[0, 600].Sample(bytes => CheckSurvives(System.Text.Encoding.UTF8.GetString(bytes)), iter: 400);

    [Fact]
    public void Random_token_soup_yields_diagnostics_not_exceptions() =>
        Gen.OneOf(Tokens).Array[0, 200].Sample(tokens => CheckSurvives(string.Join(" ", tokens)), iter: 1500);

    [Fact]
    public void Token_soup_inside_an_interface_yields_diagnostics_not_exceptions() =>
        Gen.OneOf(Tokens).Array[0, 60].Sample(
            tokens => CheckSurvives("interface f { message m(uint8 a); " + string.Join(" ", tokens) + " };"), iter: 1500);

    [Fact]
    public void Truncating_a_valid_file_anywhere_yields_diagnostics_not_exceptions()
    {
        var text = File.ReadAllText(Path.Combine(Idl.InterfaceFolder, "ping_pong.if"));
        for (var length = 0; length < text.Length; length += 7)
        {
            CheckSurvives(text[..length]);
        }
    }

    [Theory]
    [InlineData("/*", 50_000)]
    [InlineData("{", 50_000)]
    [InlineData("(", 50_000)]
    [InlineData("typedef struct { ", 5_000)]
    [InlineData("@a(", 20_000)]
    [InlineData("\u0001", 1_000_000)]
    [InlineData("interface a { ", 20_000)]
    public void Deep_nesting_and_huge_files_stay_bounded(string piece, int count)
    {
        var diagnostics = CheckSurvives(string.Concat(Enumerable.Repeat(piece, count)));

        Assert.NotEmpty(diagnostics);
        Assert.True(diagnostics.Count <= IdlRules.MaxPerFile, $"{diagnostics.Count} diagnostics");
    }

    private static IReadOnlyList<IdlDiagnostic> CheckSurvives(string text)
    {
        var diagnostics = IdlCompiler.Check([new IdlSource("fuzz.if", text)]);
        foreach (var diagnostic in diagnostics)
        {
            var location = diagnostic.Location;
            Assert.InRange(location.Start, 0, text.Length);
            Assert.InRange(location.Start + location.Length, location.Start, text.Length);
            Assert.True(location.Line >= 1 && location.Column >= 1, diagnostic.ToString());
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }

        return diagnostics;
    }
}
