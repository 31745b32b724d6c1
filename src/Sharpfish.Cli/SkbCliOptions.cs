using System.CommandLine;
using Sharpfish.Skb;

namespace Sharpfish.Cli;

/// <summary>The options that shape the SKB, shared by every command that gathers its facts (boot, skb).</summary>
internal sealed class SkbCliOptions
{
    public Option<bool> Remeasure { get; } = new("--remeasure")
    {
        Description = "Measure the latencies between cores again, even when the SKB's cache holds them",
    };

    public Option<string?> Policies { get; } = new("--skb-policies")
    {
        Description = $"A directory of NAME.sql files that replace the SKB's built-in policies (or ${SkbOptions.PolicyVariable})",
        HelpName = "DIR",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Remeasure);
        command.Options.Add(Policies);
    }

    /// <summary>The SKB's options as parsed.</summary>
    public SkbOptions Parse(ParseResult parse) => new(Remeasure: parse.GetValue(Remeasure), PolicyDirectory: parse.GetValue(Policies));
}
