namespace Sharpfish.Domains;

/// <summary>Who bound to a service, as the monitors report it: the client's core and domain id.</summary>
/// <param name="Core">The core the client's dispatcher runs on.</param>
/// <param name="Domain">The client's domain id.</param>
public readonly record struct ClientId(int Core, uint Domain);
