namespace Sharpfish.Domains;

/// <summary>
/// A program compiled into the image (a boot module of Barrelfish): its name, what it does, its main thread, and the
/// named thread entries it may start on other cores once it spans them (a closure cannot cross cores; a name can).
/// </summary>
/// <param name="Name">What <c>spawn</c> takes.</param>
/// <param name="Description">One line for the shell's help.</param>
/// <param name="Main">The first thread; the domain ends with its exit code when it returns.</param>
/// <param name="Threads">Entries a spanned dispatcher can run, by name.</param>
/// <param name="BootOnly">A system program the boot starts on its core (name service, skb, spawnd, the shell):
/// never spawned by a domain, since a second copy would be a second owner of its core's state.</param>
public sealed record Module(
    string Name,
    string Description,
    Func<DomainContext, Task<int>> Main,
    IReadOnlyDictionary<string, Func<DomainContext, string, Task>>? Threads = null,
    bool BootOnly = false);
