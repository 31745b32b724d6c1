namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The RPC calls of one binding that wait for their responses, by token. Tokens are 1..<see cref="FragmentHeader.MaxToken"/>,
/// handed out in turn and skipping those still in use, so a late response can never complete the wrong call.
/// Steady state allocates nothing (the dictionary keeps its capacity).
/// </summary>
internal sealed class PendingCalls
{
    private readonly Dictionary<uint, IPendingCall> _calls = [];
    private uint _lastToken;

    public int Count => _calls.Count;

    public uint Add(IPendingCall call)
    {
        do
        {
            _lastToken = _lastToken >= FragmentHeader.MaxToken ? 1 : _lastToken + 1;
        }
        while (_calls.ContainsKey(_lastToken));

        _calls.Add(_lastToken, call);
        return _lastToken;
    }

    /// <summary>Takes the call that <paramref name="token"/> answers, if it is waiting and is a call of
    /// <paramref name="callType"/>; otherwise says why not.</summary>
    public IPendingCall? Take(uint token, ushort callType, out string? problem)
    {
        problem = null;
        if (!_calls.TryGetValue(token, out var call))
        {
            problem = $"no call is waiting for a response with token {token}";
            return null;
        }

        if (call.CallType != callType)
        {
            problem = $"token {token} belongs to a call of another rpc";
            return null;
        }

        _calls.Remove(token);
        return call;
    }

    /// <summary>Removes a call whose message could not be sent.</summary>
    public void Remove(uint token) => _calls.Remove(token);
}
