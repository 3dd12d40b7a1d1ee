namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// One process-wide thread that serves compile requests in arrival order,
/// so a hart that finds hot code keeps interpreting instead of waiting the
/// ~100 µs a region takes to compile. The queue is bounded; a request that
/// does not fit lets its slot count arrivals again and ask later.
/// </summary>
internal sealed class BackgroundCompiler
{
    public static readonly BackgroundCompiler Shared = new();

    private const int MaxQueued = 2048;

    private readonly Queue<CompileRequest> _queue = new();
    private readonly object _gate = new();
    private Thread? _worker;
    private bool _busy;

    public void Enqueue(CompileRequest request)
    {
        lock (_gate)
        {
            if (_queue.Count >= MaxQueued)
            {
                request.Page.ResetHeat(request.Offset);
                return;
            }
            _queue.Enqueue(request);
            if (_worker == null)
            {
                _worker = new Thread(Run) { IsBackground = true, Name = "block compiler" };
                _worker.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until every queued request is served (for tests and benchmarks); false on timeout.</summary>
    public bool WaitUntilIdle(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_queue.Count > 0 || _busy)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, remaining);
            }
        }
        return true;
    }

    private void Run()
    {
        while (true)
        {
            CompileRequest request;
            lock (_gate)
            {
                _busy = false;
                Monitor.PulseAll(_gate);
                while (_queue.Count == 0) Monitor.Wait(_gate);
                request = _queue.Dequeue();
                _busy = true;
            }
            BlockCompiler.Process(request);
        }
    }
}
