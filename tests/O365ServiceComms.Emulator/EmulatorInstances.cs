using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The emulators of one process. The first (root) one is what the command line asks for; POST /_emulator/instances
/// starts another, on ports of its own, with its own tenants, settings, faults, request log and foreign listener,
/// exactly as a new process would have them, only without the start-up of a new process. A test run starts one
/// process and gives each test file an emulator of its own this way (tests/EmulatorHost.psm1).
/// DELETE /_emulator/instances/{port} stops one again; all stop with the process.
/// </summary>
internal sealed class EmulatorInstances(X509Certificate2 certificate)
{
    private readonly ConcurrentDictionary<int, WebApplication> _started = new();

    /// <summary>The process's own emulator, which lives until the process ends.</summary>
    public Task<(WebApplication App, string BaseUrl)> StartRootAsync(int port) => StartAsync(port, isRoot: true);

    /// <summary>A new emulator on free ports of 127.0.0.1.</summary>
    public Task<(WebApplication App, string BaseUrl)> StartInstanceAsync() => StartAsync(0, isRoot: false);

    public async Task<bool> StopAsync(int port)
    {
        if (!_started.TryRemove(port, out var app))
        {
            return false;
        }
        await app.StopAsync();
        await app.DisposeAsync();
        return true;
    }

    public async Task StopAllAsync()
    {
        foreach (var port in _started.Keys.ToList())
        {
            await StopAsync(port);
        }
    }

    private async Task<(WebApplication App, string BaseUrl)> StartAsync(int port, bool isRoot)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            // No file watchers on appsettings*.json: a test run may start many emulators.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });

        // stdout carries only the READY line; anything worth logging goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The second listener is the "other host" that foreign next-link faults point to (see Faults.cs).
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? mainListener = null, foreignListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => { listen.UseHttps(certificate); mainListener = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.UseHttps(certificate); foreignListener = listen; });
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));

        builder.Services.AddSingleton(this);
        builder.Services.AddSingleton(new TenantDirectory([DemoTenant.Create(), FabrikamTenant.Create()]));
        builder.Services.AddSingleton(new ManagedIdentityHost(DemoTenant.SystemAssignedIdentityClientId, [DemoTenant.UserAssignedIdentityClientId]));
        builder.Services.AddSingleton<UserSignIns>();
        builder.Services.AddSingleton<SettingsStore>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<ViewPointStore>();
        builder.Services.AddSingleton<ServerAddress>();
        builder.Services.AddSingleton<TenantLatency>();
        builder.Services.AddSingleton<DatasetPageCache>();
        builder.Services.AddSingleton<FaultStore>();
        builder.Services.AddSingleton<ForeignHost>();
        builder.Services.AddSingleton<HostileAnswerStore>();

        var app = builder.Build();

        // Pipeline order matters: the log sees every request and its final status; Graph responses
        // get their request-id before anything (including a future fault injector) can answer.
        app.UseMiddleware<ForeignHostMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseGraphResponseHeaders();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<TenantLatencyMiddleware>();
        app.UseMiddleware<HostileAnswerMiddleware>();
        app.UseMiddleware<DatasetPageCacheMiddleware>();

        app.MapControlEndpoints();
        app.MapInstanceEndpoints();
        app.MapScaleEndpoints();
        app.MapFaultEndpoints();
        app.MapHostileAnswerEndpoints();
        app.MapTokenEndpoints();
        app.MapSignInControlEndpoints();
        app.MapManagedIdentityEndpoint();
        app.MapGraphEndpoints();
        app.MapDataChangeEndpoints();
        app.MapFallback("{**path}", (HttpContext ctx) => Results.Json(
            new { error = "not_found", error_description = $"The emulator does not serve '{ctx.Request.Method} {ctx.Request.Path}'." },
            Json.Options, statusCode: StatusCodes.Status404NotFound));

        await app.StartAsync();

        var mainPort = mainListener!.IPEndPoint!.Port;
        var baseUrl = $"https://127.0.0.1:{mainPort}";
        app.Services.GetRequiredService<ForeignHost>().Port = foreignListener!.IPEndPoint!.Port;
        app.Services.GetRequiredService<ServerAddress>().BaseUrl = baseUrl;
        if (!isRoot)
        {
            _started[mainPort] = app;
        }
        return (app, baseUrl);
    }
}

/// <summary>POST /_emulator/instances (a new emulator: {"baseUri": ..., "port": ...}) and DELETE /_emulator/instances/{port}.</summary>
internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator/instances");
        control.MapPost("", async (EmulatorInstances instances) =>
        {
            var (_, baseUrl) = await instances.StartInstanceAsync();
            return Results.Json(new { baseUri = baseUrl, port = new Uri(baseUrl).Port }, Json.Options);
        });
        control.MapDelete("/{port:int}", async (int port, EmulatorInstances instances) =>
            await instances.StopAsync(port)
                ? Results.Json(new { stopped = port }, Json.Options)
                : Results.Json(new { error = $"No emulator of this process listens on port {port}." }, Json.Options, statusCode: StatusCodes.Status404NotFound));
    }
}
