using Sharpfish.Idl.Syntax;

namespace Sharpfish.Idl.Tests;

public sealed class ParserTests
{
    [Fact]
    public void Every_construct_parses_into_the_tree()
    {
        var file = Idl.Parse("""
            // line comment
            /* block /* nested */ comment */
            interface kv "toy key-value store" {
                alias handle uint32;
                typedef enum { KV_OK, KV_MISSING } status;
                typedef struct { uint64 key; uint32 version; } entry;
                typedef uint64 bitmap[0x4];
                typedef entry entry2;

                message put(entry e, uint8 data[len, 1024]);
                @ata(command=0xC8, dma_arg=buffer) @other()
                message put_done(errval err);
                rpc get(in uint64 key, out status st, out String value[256]);
                message empty();
            };
            """);

        var kv = Assert.Single(file.Interfaces);
        Assert.False(file.IsInclude);
        Assert.Equal(("kv", "toy key-value store"), (kv.Name.Text, kv.Description));
        Assert.Collection(kv.Types,
            t => Assert.Equal(("handle", "uint32"), (t.Name.Text, Assert.IsType<AliasDecl>(t).Target.Text)),
            t => Assert.Equal(["KV_OK", "KV_MISSING"], Assert.IsType<EnumDecl>(t).Members.Select(m => m.Text)),
            t => Assert.Equal(["uint64 key", "uint32 version"], Assert.IsType<StructDecl>(t).Fields.Select(f => $"{f.Type} {f.Name}")),
            t => Assert.Equal(("uint64", 4L), (Assert.IsType<ArrayTypedefDecl>(t).Element.Text, ((ArrayTypedefDecl)t).Length.Value)),
            t => Assert.Equal("entry", Assert.IsType<TypedefDecl>(t).Target.Text));

        Assert.Equal(["put", "put_done", "get", "empty"], kv.Messages.Select(m => m.Name.Text));
        var put = kv.Messages[0].Args[1];
        Assert.Equal(("uint8", "data", "len", 1024L), (put.Type.Text, put.Name.Text, put.LengthName?.Text, put.Bound?.Value));
        var annotations = kv.Messages[1].Annotations;
        Assert.Equal(["ata", "other"], annotations.Select(a => a.Name.Text));
        Assert.Equal(["command=0xC8", "dma_arg=buffer"], annotations[0].Arguments.Select(a => $"{a.Key}={a.Value}"));
        var get = kv.Messages[2];
        Assert.Equal(MessageKind.Rpc, get.Kind);
        Assert.Equal([ArgDirection.In, ArgDirection.Out, ArgDirection.Out], get.Args.Select(a => a.Direction));
        Assert.Equal((256L, null), (get.Args[2].Bound?.Value, get.Args[2].LengthName));
        Assert.Empty(kv.Messages[3].Args);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_names_may_contain_primes()
    {
        var file = Idl.Parse("INTERFACE Shout { TypeDef Struct { uint8 x'; } s'; MESSAGE m'(IN uint8 a_1'); Rpc r(Out uint8 b); };");

        var shout = Assert.Single(file.Interfaces);
        Assert.Equal("s'", shout.Types[0].Name.Text);
        Assert.Equal(("m'", "a_1'", ArgDirection.In), (shout.Messages[0].Name.Text, shout.Messages[0].Args[0].Name.Text, shout.Messages[0].Args[0].Direction));
        Assert.Equal(MessageKind.Rpc, shout.Messages[1].Kind);
    }

    [Fact]
    public void A_file_of_type_declarations_only_is_an_include_file()
    {
        var file = Idl.Parse("alias coreid uint32; typedef struct { coreid c; } where;");

        Assert.True(file.IsInclude);
        Assert.Equal(["coreid", "where"], file.Types.Select(t => t.Name.Text));
    }

    [Fact]
    public void Locations_count_lines_and_columns_from_one()
    {
        var file = Idl.Parse("interface a {\n\tmessage m(uint64 value);\n};");

        var arg = file.Interfaces[0].Messages[0].Args[0];
        Assert.Equal((2, 19, 2, 24), (arg.Name.Location.Line, arg.Name.Location.Column, arg.Name.Location.EndLine, arg.Name.Location.EndColumn));
        Assert.Equal("test.if(2,19)", arg.Name.Location.ToString());
    }
}
