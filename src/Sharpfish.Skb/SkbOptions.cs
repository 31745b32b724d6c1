namespace Sharpfish.Skb;

/// <summary>Where the SKB keeps its measurement cache and finds its policies.</summary>
/// <param name="CacheDirectory">The measurement cache's directory; null: <see cref="DefaultCacheDirectory"/>.</param>
/// <param name="Remeasure">Measure even when the cache holds this machine's latencies.</param>
/// <param name="PolicyDirectory">A directory of <c>NAME.sql</c> files that replace the built-in policies of that
/// name; null: the environment variable <c>SHARPFISH_SKB_POLICIES</c>, if set.</param>
public sealed record SkbOptions(string? CacheDirectory = null, bool Remeasure = false, string? PolicyDirectory = null)
{
    /// <summary>The environment variable that names a policy directory.</summary>
    public const string PolicyVariable = "SHARPFISH_SKB_POLICIES";

    /// <summary>$XDG_CACHE_HOME/sharpfish, or ~/.cache/sharpfish.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "sharpfish");
        }
    }

    /// <summary>The cache directory these options name.</summary>
    public string CachePath => CacheDirectory ?? DefaultCacheDirectory;

    /// <summary>The policy directory these options name, if any.</summary>
    public string? Policies => PolicyDirectory ?? (Environment.GetEnvironmentVariable(PolicyVariable) is { Length: > 0 } dir ? dir : null);
}
