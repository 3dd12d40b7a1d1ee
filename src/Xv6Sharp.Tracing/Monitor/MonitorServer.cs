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
    private Timer? _timer;
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
        _latest = sampler.Take();
        _timer = new Timer(_ => _latest = sampler.Take(), null, Interval, Interval);
    }

    // Server-sent events: each new snapshot as one "data:" line, until the viewer goes away.
    private async Task StreamAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        long sent = -1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var s = _latest;
                if (s is not null && s.Sequence != sent)
                {
                    await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(s, Json) + "\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    sent = s.Sequence;
                }
                await Task.Delay(Interval / 2, ct);
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
        if (_timer is not null) await _timer.DisposeAsync();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
