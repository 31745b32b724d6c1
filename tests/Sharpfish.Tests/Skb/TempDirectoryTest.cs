namespace Sharpfish.Tests.Skb;

/// <summary>A test class whose every test gets a fresh temporary directory, deleted afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    /// <summary>The directory.</summary>
    protected string TempDirectory { get; } = Directory.CreateTempSubdirectory("sharpfish-skb").FullName;

    public void Dispose()
    {
        Directory.Delete(TempDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
