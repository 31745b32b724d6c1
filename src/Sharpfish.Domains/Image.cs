using Sharpfish.Errors;

namespace Sharpfish.Domains;

/// <summary>The programs compiled into the system, by name. Immutable once built: every core reads the same one.</summary>
public sealed class Image
{
    private readonly Dictionary<string, Module> _modules;

    /// <summary>An image of <paramref name="modules"/>.</summary>
    /// <exception cref="SharpfishException">Two modules share a name.</exception>
    public Image(IEnumerable<Module> modules)
    {
        _modules = [];
        foreach (var module in modules)
        {
            if (!_modules.TryAdd(module.Name, module))
            {
                throw new SharpfishException(ErrorCode.BadArgument, $"the image has two modules called '{module.Name}'");
            }
        }
    }

    /// <summary>Every module, by name.</summary>
    public IEnumerable<Module> Modules => _modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>The module called <paramref name="name"/>.</summary>
    /// <exception cref="SharpfishException">There is none (UnknownProgram).</exception>
    public Module Find(string name) =>
        _modules.TryGetValue(name, out var module)
            ? module
            : throw new SharpfishException(ErrorCode.UnknownProgram, $"no program called '{name}' is in the image (there are: {string.Join(", ", _modules.Keys.Order(StringComparer.Ordinal))})");
}
