using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Semantics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Tests;

/// <summary>What the checker rejects, and where it says so.</summary>
public sealed class SemanticTests
{
    [Fact]
    public void Duplicate_types_messages_and_arguments_are_reported_at_the_second_name()
    {
        var diagnostics = Idl.Check(Idl.Interface("""
            alias a uint8;
            typedef uint16 a;
            typedef struct { uint8 x; uint8 x; } s;
            typedef enum { E, E } e;
            message m(uint8 x, uint16 x);
            message m();
            """));

        Assert.Equal(
            [("SFIDL011", 3, 16), ("SFIDL013", 4, 33), ("SFIDL013", 5, 19), ("SFIDL013", 6, 27), ("SFIDL012", 7, 9)],
            diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column)).OrderBy(p => p.Line));
        Assert.Contains(diagnostics, d => d.Message == "type 'a' is already declared at test.if(2,7)");
        Assert.Contains(diagnostics, d => d.Message == "message 'm' already has an argument named 'x' (at test.if(6,17))");
    }

    [Fact]
    public void Recursive_typedefs_are_reported_with_their_cycle()
    {
        var diagnostics = Idl.Check(Idl.Interface("""
            typedef b a;
            typedef a b;
            typedef struct { uint8 v; node next; } node;
            message m(a x);
            """));

        Assert.Contains(diagnostics, d => d.Id == "SFIDL017" && d.Message == "type 'a' is defined in terms of itself (a → b → a)");
        Assert.Contains(diagnostics, d => d.Id == "SFIDL017" && d.Message.StartsWith("type 'node' is defined in terms of itself", StringComparison.Ordinal));
    }

    [Fact]
    public void An_interface_needs_a_message()
    {
        Assert.Equal("interface 'test' declares no message or rpc; an interface needs at least one",
            Idl.Single(Idl.Interface("alias x uint8;"), IdlRules.NoMessages, 1, 11).Message);
        Assert.Equal(["SFIDL010", "SFIDL019"], Idl.Check(Idl.Interface("typedef nosuch x;")).Select(d => d.Id));
    }

    [Theory]
    [InlineData("message m(String s);", "SFIDL020", "String argument 's' of message 'm' needs a bound in bytes, e.g. 'String s[256]'")]
    [InlineData("message m(uint8 d[16]);", "SFIDL020", "only a String takes a single bound; for a dynamic array write 'uint8 d[d_len, 16]', for a fixed array declare a typedef")]
    [InlineData("message m(String s[n, 16]);", "SFIDL020", "a String carries its own length; write 'String s[16]'")]
    [InlineData("alias x stamp; message m();", "SFIDL020", "alias 'x' names 'stamp', which is an unknown type; an alias names a builtin type (use typedef for other types)")]
    [InlineData("typedef struct { cap c; } s; message m(s v);", "SFIDL021", "'cap' cannot be field 'c' of struct 's': capabilities travel only as message arguments")]
    [InlineData("typedef String names[4]; message m();", "SFIDL021", "'String' cannot be an element of array type 'names': a String needs a bound, which only a message argument can give")]
    [InlineData("message m(cap frames[n, 4]);", "SFIDL021", "'cap' cannot be an element of dynamic array 'frames': capabilities travel only as message arguments")]
    [InlineData("typedef uint8 uint16; message m();", "SFIDL024", "'uint16' is a builtin type and cannot be declared again")]
    [InlineData("message get_foo(); message getFoo();", "SFIDL023", "'getFoo' and 'get_foo' both become 'SendGetFooAsync' in the generated C#; rename one of them")]
    [InlineData("message m(uint8 a_b, uint8 aB);", "SFIDL023", "argument 'aB' of 'm' and argument 'a_b' of 'm' both become 'aB' in the generated C#; rename one of them")]
    [InlineData("message m(uint8 d[n, 8], uint8 e[n, 8]);", "SFIDL013", "message 'm' already uses the name 'n' for another array's length")]
    [InlineData("rpc r(in uint8 d[n, 8], out uint32 n);", "SFIDL016", "dynamic array 'd' takes its length from 'n', which goes out while 'd' goes in; use a new name or an integer argument of the same direction")]
    [InlineData("typedef uint64 row[1024]; typedef row table[1024]; message m();", "SFIDL022", "type 'table' takes 8388608 bytes on the wire; a type may take at most 1048576 bytes (1 MiB)")]
    [InlineData("message m(uint64 a[n, 1048576], uint64 b[k, 1048576]);", "SFIDL022", "'m' can take 16777224 bytes on the wire; a message may take at most 16777216 bytes (16 MiB)")]
    public void Each_misuse_is_explained(string body, string id, string message)
    {
        var diagnostic = Assert.Single(Idl.Check(Idl.Interface(body)));
        Assert.Equal((id, message), (diagnostic.Id, diagnostic.Message));
    }

    [Fact]
    public void A_dynamic_array_takes_a_new_length_name_or_an_integer_argument()
    {
        var compilation = IdlCompilation.Create([new IdlSource("t.if", Idl.Interface("""
            message fresh(uint32 tag, char a[l, 2048]);
            rpc carried(in uint16 n, in uint8 d[n, 64], out uint32 k, out uint8 e[k, 64]);
            """))]);

        var model = Assert.Single(compilation.Interfaces).Model!;
        Assert.Equal(["tag", "a"], model.Messages[0].Args.Select(a => a.Name));
        Assert.Equal(["d", "e"], model.Messages[1].Args.Select(a => a.Name)); // the carriers travel with their arrays
        Assert.Equal((ArgForm.Array, 64), (model.Messages[1].Args[0].Form, model.Messages[1].Args[0].Bound));
    }

    [Fact]
    public void Include_files_declare_types_for_every_interface()
    {
        var include = new IdlSource("net.if", "typedef uint8 mac[6]; alias port uint16;");
        var a = new IdlSource("a.if", "interface a { message m(mac addr, port p, coreid c); };");
        var b = new IdlSource("b.if", "interface b { rpc r(in mac addr, out genpaddr p); };");

        var compilation = IdlCompilation.Create([a, b], [include]);

        Assert.Empty(compilation.Diagnostics);
        Assert.All(compilation.Interfaces, i => Assert.NotNull(i.Model));
        Assert.Equal(["mac"], compilation.Interfaces[0].Model!.Types.Select(t => t.Name));
    }

    [Fact]
    public void A_file_called_types_if_replaces_the_prelude()
    {
        var prelude = new IdlSource("elsewhere/types.if", "alias coreid uint8;");
        var user = new IdlSource("u.if", "interface u { message m(coreid c, genpaddr p); };");

        var diagnostics = IdlCompiler.Check([prelude, user]);

        Assert.Equal("unknown type 'genpaddr'", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Declarations_in_the_wrong_place_are_reported()
    {
        var diagnostics = Idl.Check("alias x uint8;\ninterface a { message m(); typedef uint8 late; };\ninterface b { message n(); };");

        Assert.Equal(
            ["type declarations must come before the first message or rpc of an interface",
             "a file declares one interface; move 'b' to a file of its own",
             "type declarations outside an interface belong in an include file of their own (one without an interface)"],
            diagnostics.Select(d => d.Message).Order(StringComparer.Ordinal).Reverse().OrderBy(m => m.Length > 90));
    }
}
