using System.Threading;
namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// The order in which lock classes have been seen taken: an edge A -> B
/// means some code took a B while holding an A, remembered with the first
/// place it happened. A new edge that closes a cycle is a possible deadlock
/// (two harts, each in one of the orders, can wait for each other forever)
/// even if it never deadlocked in this run. Edges are looked up on every
/// acquisition without a lock (a set bit never clears); adding one takes a
/// host lock, which happens once per edge in a run.
/// </summary>
public sealed class LockOrderGraph
{
    public const int MaxClasses = 256;

    private readonly byte[] _known = new byte[MaxClasses * MaxClasses];
    private readonly Dictionary<(int From, int To), LockOrderEdge> _edges = new();
    private readonly List<int>[] _next = new List<int>[MaxClasses];
    private readonly object _gate = new();

    public bool Contains(int from, int to) => Volatile.Read(ref _known[from * MaxClasses + to]) != 0;

    /// <summary>
    /// Records the edge (if new) and returns the path that now leads back
    /// from <paramref name="edge"/>.To to .From (the earlier orders that make
    /// the cycle), or null if there is no cycle.
    /// </summary>
    public IReadOnlyList<LockOrderEdge>? Add(LockOrderEdge edge)
    {
        lock (_gate)
        {
            if (_edges.ContainsKey((edge.From, edge.To))) return null;
            var back = FindPath(edge.To, edge.From);
            _edges[(edge.From, edge.To)] = edge;
            (_next[edge.From] ??= new List<int>()).Add(edge.To);
            Volatile.Write(ref _known[edge.From * MaxClasses + edge.To], 1);
            return back;
        }
    }

    /// <summary>Every edge seen so far.</summary>
    public IReadOnlyList<LockOrderEdge> Edges
    {
        get { lock (_gate) return _edges.Values.ToList(); }
    }

    // Breadth-first search over known edges; caller holds _gate.
    private List<LockOrderEdge>? FindPath(int from, int to)
    {
        if (from == to) return [];
        var cameFrom = new Dictionary<int, int> { [from] = from };
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            int at = queue.Dequeue();
            if (_next[at] is not { } nexts) continue;
            foreach (int n in nexts)
            {
                if (cameFrom.ContainsKey(n)) continue;
                cameFrom[n] = at;
                if (n == to)
                {
                    var path = new List<LockOrderEdge>();
                    for (int c = to; c != from; c = cameFrom[c]) path.Add(_edges[(cameFrom[c], c)]);
                    path.Reverse();
                    return path;
                }
                queue.Enqueue(n);
            }
        }
        return null;
    }
}
