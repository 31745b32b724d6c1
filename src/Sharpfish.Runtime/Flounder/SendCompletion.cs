namespace Sharpfish.Runtime.Flounder;

/// <summary>One-way messages whose sender does not wait for them to leave: the send's task is still observed (so its
/// pooled completion goes back), and a send that fails (the binding closed under it) is reported, not lost.</summary>
public static class SendCompletion
{
    /// <summary>Lets <paramref name="send"/> finish on its own; <paramref name="failed"/> hears if it fails.</summary>
    public static void Forget(this ValueTask send, Action<Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (send.IsCompletedSuccessfully)
        {
            send.GetAwaiter().GetResult();
            return;
        }

        _ = Observe(send, failed);
    }

    private static async Task Observe(ValueTask send, Action<Exception> failed)
    {
        try
        {
            await send.ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            failed(error);
        }
    }
}
