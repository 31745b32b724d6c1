using Sharpfish.Domains;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Spawn;

namespace Sharpfish.Services.Programs;

/// <summary>spawnd's handler: starts programs on its core, kills and waits for domains, through its monitor.</summary>
internal sealed class SpawnServer(DomainContext context) : ISpawnHandler
{
    public async ValueTask<SpawnDomainResponse> SpawnDomainAsync(string name, string argv)
    {
        try
        {
            return new SpawnDomainResponse(ErrorCode.Ok, await context.SpawnAsync(name, Argv.Decode(argv)));
        }
        catch (SharpfishException e)
        {
            return new SpawnDomainResponse(e.Code, 0);
        }
    }

    public async ValueTask<ErrorCode> KillAsync(uint domain)
    {
        try
        {
            await context.KillAsync(domain);
            return ErrorCode.Ok;
        }
        catch (SharpfishException e)
        {
            return e.Code;
        }
    }

    public async ValueTask<WaitResponse> WaitAsync(uint domain)
    {
        try
        {
            return new WaitResponse(ErrorCode.Ok, await context.WaitAsync(domain));
        }
        catch (SharpfishException e)
        {
            return new WaitResponse(e.Code, 0);
        }
    }
}
