namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The RPC calls of one binding that wait for their responses, by token. Tokens are 1..<see cref="FragmentHeader.MaxToken"/>,
/// handed out in turn and skipping those still in use, so a late response can never complete the wrong call. Calls
/// sit in a table indexed by token modulo its size (a power of two); a new token is one whose entry is free, and
/// the table doubles when every entry is busy. No hashing, and nothing allocated once the table is big enough.
/// </summary>
internal sealed class PendingCalls
{
    private (uint Token, IPendingCall? Call)[] _table = new (uint, IPendingCall?)[16];
    private uint _lastToken;

    public int Count { get; private set; }

    public uint Add(IPendingCall call)
    {
        if (Count == _table.Length)
        {
            Grow();
        }

        var mask = (uint)_table.Length - 1;
        do
        {
            _lastToken = _lastToken >= FragmentHeader.MaxToken ? 1 : _lastToken + 1;
        }
        while (_table[_lastToken & mask].Call is not null);

        _table[_lastToken & mask] = (_lastToken, call);
        Count++;
        return _lastToken;
    }

    /// <summary>Takes the call that <paramref name="token"/> answers, if it is waiting and is a call of
    /// <paramref name="callType"/>; otherwise says why not.</summary>
    public IPendingCall? Take(uint token, ushort callType, out string? problem)
    {
        problem = null;
        ref var entry = ref _table[token & ((uint)_table.Length - 1)];
        if (entry.Call is null || entry.Token != token)
        {
            problem = $"no call is waiting for a response with token {token}";
            return null;
        }

        if (entry.Call.CallType != callType)
        {
            problem = $"token {token} belongs to a call of another rpc";
            return null;
        }

        var call = entry.Call;
        entry = default;
        Count--;
        return call;
    }

    /// <summary>Takes every waiting call (the binding closed).</summary>
    public List<IPendingCall> TakeAll()
    {
        var calls = new List<IPendingCall>(Count);
        for (var i = 0; i < _table.Length; i++)
        {
            if (_table[i].Call is { } call)
            {
                calls.Add(call);
                _table[i] = default;
            }
        }

        Count = 0;
        return calls;
    }

    /// <summary>Removes a call whose message could not be sent.</summary>
    public void Remove(uint token)
    {
        ref var entry = ref _table[token & ((uint)_table.Length - 1)];
        if (entry.Call is not null && entry.Token == token)
        {
            entry = default;
            Count--;
        }
    }

    /// <summary>Doubles the table until every waiting call has an entry of its own.</summary>
    private void Grow()
    {
        var size = _table.Length * 2;
        while (true)
        {
            var table = new (uint Token, IPendingCall? Call)[size];
            var fits = true;
            foreach (var entry in _table)
            {
                ref var slot = ref table[entry.Token & ((uint)size - 1)];
                if (entry.Call is null)
                {
                    continue;
                }

                if (slot.Call is not null)
                {
                    fits = false; // two waiting tokens a multiple of this size apart: try twice the size
                    break;
                }

                slot = entry;
            }

            if (fits)
            {
                _table = table;
                return;
            }

            size *= 2;
        }
    }
}
