namespace Sharpfish.Services.Fish;

/// <summary>One command of the fish shell.</summary>
/// <param name="Name">What the user types.</param>
/// <param name="Usage">Arguments, as help shows them.</param>
/// <param name="Summary">One line for help.</param>
/// <param name="Run">Runs the command with its arguments; throws <see cref="Errors.SharpfishException"/> for errors the user caused.</param>
internal sealed record FishCommand(string Name, string Usage, string Summary, Func<FishShell, string[], Task> Run);
