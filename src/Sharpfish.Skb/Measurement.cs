namespace Sharpfish.Skb;

/// <summary>How the SKB got its latency facts.</summary>
/// <param name="Method">"model" (simulated machine), "urpc" (measured online) or "cache" (an earlier measurement).</param>
/// <param name="DurationNs">How long measuring (or reading the cache) took.</param>
/// <param name="Note">What happened to the cache, when there is one: its path, and why it was not used.</param>
public sealed record Measurement(string Method, long DurationNs, string Note);
