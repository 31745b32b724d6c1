namespace Sharpfish.Capabilities;

/// <summary>
/// One core's mapping database: every capability table entry on the core, in a balanced search tree (a treap
/// with deterministic priorities) ordered by (base, size descending, derivation depth, type, parameter, creation).
/// In that order copies sit next to each other and an object's descendants follow it; each node also keeps the
/// largest end address in its subtree, so "does anything in this range relate to X?" is answered in O(log n + k)
/// for k overlapping entries, never by a list scan. Owned by its core's CPU driver; nothing here is shared.
/// </summary>
internal sealed class MappingDatabase
{
    private Node? _root;

    /// <summary>Entries in the database.</summary>
    public int Count { get; private set; }

    /// <summary>Orders entries as the database does.</summary>
    public static int Compare(Cte a, Cte b)
    {
        var x = a.Cap;
        var y = b.Cap;
        var c = x.Base.CompareTo(y.Base);
        if (c == 0)
        {
            c = y.Bytes.CompareTo(x.Bytes);
        }

        if (c == 0)
        {
            c = x.Info.Depth.CompareTo(y.Info.Depth);
        }

        if (c == 0)
        {
            c = x.Type.CompareTo(y.Type);
        }

        if (c == 0)
        {
            c = x.Parameter.CompareTo(y.Parameter);
        }

        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }

    /// <summary>Adds <paramref name="entry"/>.</summary>
    public void Insert(Cte entry)
    {
        _root = Insert(_root, new Node(entry));
        Count++;
    }

    /// <summary>Removes <paramref name="entry"/>; false when it is not in the database.</summary>
    public bool Remove(Cte entry)
    {
        var before = Count;
        _root = Remove(_root, entry);
        return Count < before;
    }

    /// <summary>The greatest entry ordered before <paramref name="probe"/> (which need not be in the database).</summary>
    public Cte? Predecessor(Cte probe)
    {
        Cte? best = null;
        for (var n = _root; n is not null;)
        {
            if (Compare(n.Item, probe) < 0)
            {
                best = n.Item;
                n = n.Right;
            }
            else
            {
                n = n.Left;
            }
        }

        return best;
    }

    /// <summary>The least entry ordered after <paramref name="probe"/> (which need not be in the database).</summary>
    public Cte? Successor(Cte probe)
    {
        Cte? best = null;
        for (var n = _root; n is not null;)
        {
            if (Compare(n.Item, probe) > 0)
            {
                best = n.Item;
                n = n.Left;
            }
            else
            {
                n = n.Right;
            }
        }

        return best;
    }

    /// <summary>True when another entry is a copy of <paramref name="probe"/>'s capability: copies are neighbours
    /// in the order, so this looks at the two next to it.</summary>
    public bool HasCopies(Cte probe) =>
        Predecessor(probe) is { } before && before.Cap.IsCopyOf(probe.Cap) ||
        Successor(probe) is { } after && after.Cap.IsCopyOf(probe.Cap);

    /// <summary>The first entry, in order, whose memory overlaps [<paramref name="low"/>, <paramref name="high"/>)
    /// and that <paramref name="match"/> accepts together with <paramref name="argument"/>.</summary>
    public Cte? FirstOverlapping(ulong low, ulong high, Func<Cte, Capability, bool> match, Capability argument) =>
        low < high ? First(_root, low, high, match, argument) : null;

    /// <summary>Every entry whose memory overlaps [<paramref name="low"/>, <paramref name="high"/>), in order.</summary>
    public List<Cte> Overlapping(ulong low, ulong high)
    {
        var found = new List<Cte>();
        if (low < high)
        {
            Collect(_root, low, high, found);
        }

        return found;
    }

    /// <summary>True when an entry is a descendant of <paramref name="ancestor"/> and overlaps
    /// [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public bool HasDescendantsIn(Capability ancestor, ulong low, ulong high) =>
        FirstOverlapping(low, high, static (e, a) => e.Cap.IsDescendantOf(a), ancestor) is not null;

    /// <summary>Every entry in order.</summary>
    public IEnumerable<Cte> InOrder()
    {
        var stack = new Stack<Node>();
        for (var n = _root; n is not null || stack.Count > 0;)
        {
            if (n is not null)
            {
                stack.Push(n);
                n = n.Left;
                continue;
            }

            var top = stack.Pop();
            yield return top.Item;
            n = top.Right;
        }
    }

    private static Cte? First(Node? n, ulong low, ulong high, Func<Cte, Capability, bool> match, Capability argument)
    {
        while (n is not null && n.MaxEnd > low)
        {
            if (First(n.Left, low, high, match, argument) is { } left)
            {
                return left;
            }

            var cap = n.Item.Cap;
            if (cap.Base >= high)
            {
                return null; // everything to the right starts at or after this one
            }

            if (cap.End > low && match(n.Item, argument))
            {
                return n.Item;
            }

            n = n.Right;
        }

        return null;
    }

    private static void Collect(Node? n, ulong low, ulong high, List<Cte> found)
    {
        while (n is not null && n.MaxEnd > low)
        {
            Collect(n.Left, low, high, found);
            var cap = n.Item.Cap;
            if (cap.Base >= high)
            {
                return;
            }

            if (cap.End > low)
            {
                found.Add(n.Item);
            }

            n = n.Right;
        }
    }

    private static Node Insert(Node? n, Node x)
    {
        if (n is null)
        {
            return x;
        }

        if (Compare(x.Item, n.Item) < 0)
        {
            n.Left = Insert(n.Left, x);
            if (n.Left.Priority > n.Priority)
            {
                n = Rotate(n, right: true);
            }
        }
        else
        {
            n.Right = Insert(n.Right, x);
            if (n.Right.Priority > n.Priority)
            {
                n = Rotate(n, right: false);
            }
        }

        n.Update();
        return n;
    }

    private Node? Remove(Node? n, Cte item)
    {
        if (n is null)
        {
            return null;
        }

        var c = Compare(item, n.Item);
        if (c < 0)
        {
            n.Left = Remove(n.Left, item);
        }
        else if (c > 0)
        {
            n.Right = Remove(n.Right, item);
        }
        else
        {
            Count--;
            return Merge(n.Left, n.Right);
        }

        n.Update();
        return n;
    }

    private static Node? Merge(Node? a, Node? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        if (a.Priority > b.Priority)
        {
            a.Right = Merge(a.Right, b);
            a.Update();
            return a;
        }

        b.Left = Merge(a, b.Left);
        b.Update();
        return b;
    }

    /// <summary>Rotates <paramref name="n"/>'s child on the given side up into its place.</summary>
    private static Node Rotate(Node n, bool right)
    {
        var child = right ? n.Left! : n.Right!;
        if (right)
        {
            n.Left = child.Right;
            child.Right = n;
        }
        else
        {
            n.Right = child.Left;
            child.Left = n;
        }

        n.Update();
        child.Update();
        return child;
    }

    private sealed class Node(Cte item)
    {
        public Cte Item { get; } = item;

        /// <summary>A hash of the creation number: random-looking, so the tree stays balanced, yet reproducible.</summary>
        public ulong Priority { get; } = Mix((ulong)item.Sequence);

        public Node? Left { get; set; }

        public Node? Right { get; set; }

        public ulong MaxEnd { get; private set; } = item.Cap.End;

        public void Update() =>
            MaxEnd = Math.Max(Item.Cap.End, Math.Max(Left?.MaxEnd ?? 0, Right?.MaxEnd ?? 0));

        private static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
