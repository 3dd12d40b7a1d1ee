using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Xv6Sharp.Tracing.Monitor;

/// <summary>
/// `--monitor`: a local web page (ASP.NET Core) showing the machine live.
/// One timer samples the kernel every <see cref="Interval"/> (so the
/// number of viewers does not change how often the kernel is looked at);
/// GET / is the page, GET /events streams the snapshots as server-sent
/// events, GET /snapshot returns the latest one as JSON. It listens only
/// where it is told: 127.0.0.1 by default, so nobody outside the machine
/// can reach it.
/// </summary>
public sealed class MonitorServer : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    // Cancelled once the last snapshot is in _latest: each stream sends it and ends, so stopping never waits for viewers.
    private readonly CancellationTokenSource _closing = new();
    private Timer? _timer;
    private MonitorSampler? _sampler;
    private volatile MonitorSnapshot? _latest;

    private MonitorServer(WebApplication app) => _app = app;

    /// <summary>Where the page is, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The latest snapshot; null until <see cref="Attach"/>.</summary>
    public MonitorSnapshot? Latest => _latest;

    /// <summary>
    /// Starts serving on <paramref name="endpoint"/> (port 0: a free one), before
    /// the machine boots so that an address in use is refused first. Throws
    /// IOException if the address is in use or cannot be bound.
    /// </summary>
    public static MonitorServer Start(IPEndPoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(endpoint));
        var app = builder.Build();
        var server = new MonitorServer(app);
        string page = Page();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/snapshot", () => server._latest is { } s ? Results.Json(s, Json) : Results.StatusCode(503));
        app.MapGet("/events", server.StreamAsync);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // An address this host does not have, or a port it may not use: Kestrel lets the socket's error through.
            ((IDisposable)app).Dispose();
            throw new IOException(e.Message, e);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Begins sampling the booted kernel.</summary>
    public void Attach(MonitorSampler sampler)
    {
        _sampler = sampler;
        _latest = sampler.Take();
        _timer = new Timer(_ => _latest = sampler.Take(), null, Interval, Interval);
    }

    /// <summary>
    /// The machine has stopped: stops sampling, publishes one last snapshot
    /// (not running; the panic, if any) and ends every stream after sending
    /// it, so an open page shows how the run ended.
    /// </summary>
    public void MachineStopped()
    {
        if (_sampler is null || _closing.IsCancellationRequested) return;
        using (var done = new ManualResetEvent(false))
            if (_timer!.Dispose(done)) done.WaitOne(); // no sample may land after the last one
        _latest = _sampler.Take(stopped: true);
        _closing.Cancel();
    }

    // Server-sent events: each new snapshot as one "data:" line, until the viewer goes away.
    private async Task StreamAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        long sent = -1;
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Read before _latest: once closing, _latest already holds the last snapshot.
                bool last = _closing.IsCancellationRequested;
                var s = _latest;
                if (s is not null && s.Sequence != sent)
                {
                    await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(s, Json) + "\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    sent = s.Sequence;
                }
                if (last) break;
                try { await Task.Delay(Interval / 2, wake.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { } // closing: send the last one
            }
        }
        catch (OperationCanceledException)
        {
            // The viewer closed the page.
        }
    }

    private static string Page()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Xv6Sharp.Tracing.Monitor.monitor.html")
                           ?? throw new InvalidOperationException("monitor.html is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        MachineStopped(); // and the timer with it
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _closing.Dispose();
    }
}
