namespace O365ServiceComms.Emulator;

/// <summary>Who is calling Graph: the verified token and the tenant whose data it sees.</summary>
internal sealed record GraphCaller(Tenant Tenant, IssuedToken Token);

/// <summary>
/// Microsoft Graph /v1.0/admin/serviceAnnouncement. Every request is authenticated by a group filter
/// (401 InvalidAuthenticationToken), then each endpoint checks its application role (403 UnknownError).
/// </summary>
internal static class GraphEndpoints
{
    private const string BasePath = "/v1.0/admin/serviceAnnouncement";
    private const string ContextPrefix = "admin/serviceAnnouncement/";
    private const string RequestIdKey = "graph.request-id";
    private const string CallerKey = "graph.caller";

    /// <summary>Resource ids a Graph token may carry as aud; the emulator's own origin is accepted as well.</summary>
    private static readonly string[] GraphAudiences =
    [
        "https://graph.microsoft.com",
        "https://graph.microsoft.us",
        "https://dod-graph.microsoft.us",
        "https://microsoftgraph.chinacloudapi.cn",
        "00000003-0000-0000-c000-000000000000",
    ];

    private static bool IsGraphPath(PathString path) =>
        path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every Graph response, error or not, carries a fresh request-id (and client-request-id).</summary>
    public static IApplicationBuilder UseGraphResponseHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsGraphPath(context.Request.Path))
        {
            var requestId = Guid.NewGuid().ToString();
            context.Items[RequestIdKey] = requestId;
            var clientRequestId = context.Request.Headers["client-request-id"].ToString();
            context.Response.Headers["request-id"] = requestId;
            context.Response.Headers["client-request-id"] = clientRequestId.Length > 0 ? clientRequestId : requestId;
            context.Response.Headers["OData-Version"] = "4.0";
        }
        await next(context);
    });

    public static string RequestId(HttpContext context) =>
        context.Items[RequestIdKey] as string ?? Guid.NewGuid().ToString();

    internal static GraphCaller Caller(HttpContext context) =>
        (GraphCaller)(context.Items[CallerKey] ?? throw new InvalidOperationException("Graph endpoint ran without authentication."));

    public static void MapGraphEndpoints(this IEndpointRouteBuilder routes)
    {
        var graph = routes.MapGroup(BasePath).AddEndpointFilter(AuthenticateAsync);

        graph.MapGet("/healthOverviews", ListHealthOverviews).RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/healthOverviews/{key}", GetHealthOverview).RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/healthOverviews/{key}/issues", (HttpContext context) =>
            // The live service does not serve this navigation: clients must use $expand=issues.
            OData.Error(context, 404, "NotFound", "Resource not found for the segment 'issues'."))
            .RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/issues", ListIssues).RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/issues/{id}", GetIssue).RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/messages", ListMessages).RequireRole(GraphRoles.ServiceMessageReadAll);
        graph.MapGet("/messages/{id}", GetMessage).RequireRole(GraphRoles.ServiceMessageReadAll);
        graph.MapAnnouncementFileEndpoints();
        graph.MapViewPointEndpoints();
        graph.MapFallback("{**rest}", (HttpContext context) =>
            OData.Error(context, 404, "NotFound", $"Resource not found for the segment '{LastSegment(context.Request.Path)}'."));
    }

    // ---- authentication and authorization ----

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;

        var check = context.RequestServices.GetRequiredService<TokenService>().Check(bearer);
        var origin = context.RequestServices.GetRequiredService<ServerAddress>().For(context);
        var tenant = check.Token is null ? null : context.RequestServices.GetRequiredService<TenantDirectory>().FindById(check.Token.TenantId);

        switch (check.Status)
        {
            case TokenStatus.Missing:
                return Unauthorized(context, "Access token is empty.", tokenPresented: false);
            case TokenStatus.Expired:
                return Unauthorized(context, "Access token has expired or is not yet valid.", tokenPresented: true);
            case TokenStatus.Valid when tenant is not null && IsGraphAudience(check.Token!.Audience, origin):
                context.Items[CallerKey] = new GraphCaller(tenant, check.Token);
                return await next(invocation);
            default:
                return Unauthorized(context, "Access token validation failure. Invalid audience.", tokenPresented: true);
        }
    }

    private static bool IsGraphAudience(string audience, string origin)
    {
        var trimmed = audience.TrimEnd('/');
        if (GraphAudiences.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        // Tests may point the Graph base URL at the emulator and ask for "https://127.0.0.1:PORT/.default".
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && Uri.TryCreate(origin, UriKind.Absolute, out var own) &&
               uri.Scheme == Uri.UriSchemeHttps && uri.Port == own.Port && uri.AbsolutePath == "/" &&
               (uri.Host == "127.0.0.1" || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult Unauthorized(HttpContext context, string message, bool tokenPresented)
    {
        var origin = context.RequestServices.GetRequiredService<ServerAddress>().For(context);
        var challenge = $"Bearer realm=\"\", authorization_uri=\"{origin}/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
        if (tokenPresented)
        {
            challenge += $", error=\"invalid_token\", error_description=\"{message}\"";
        }
        context.Response.Headers.WWWAuthenticate = challenge;
        return OData.Error(context, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", message);
    }

    /// <summary>The application role, or for a user token the delegated permission of the same name.</summary>
    internal static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder endpoint, string role) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
            Caller(invocation.HttpContext).Token is var token &&
            (token.Roles.Contains(role, StringComparer.Ordinal) || token.Scopes.Contains(role, StringComparer.OrdinalIgnoreCase))
                ? await next(invocation)
                // What the live service says when admin consent is missing: nothing helpful.
                : OData.Error(invocation.HttpContext, StatusCodes.Status403Forbidden, "UnknownError", ""));

    // ---- healthOverviews ----

    private static IResult ListHealthOverviews(HttpContext context, ServerAddress server)
    {
        var tenant = Caller(context).Tenant;
        return Handle(context, () =>
        {
            var expand = ExpandIssues(context.Request);
            var items = tenant.Services.Select(s => ToServiceHealth(tenant, s, expand)).ToList();
            var fragment = ContextPrefix + (expand ? "healthOverviews(issues())" : "healthOverviews");
            return OData.Collection(context, server.For(context), fragment, items, nextLink: null);
        });
    }

    private static IResult GetHealthOverview(string key, HttpContext context, ServerAddress server)
    {
        var tenant = Caller(context).Tenant;
        return Handle(context, () =>
        {
            var expand = ExpandIssues(context.Request);
            var service = tenant.FindService(key) ?? throw NotFound(key);
            var fragment = ContextPrefix + (expand ? "healthOverviews(issues())/$entity" : "healthOverviews/$entity");
            return OData.Entity(context, server.For(context), fragment, ToServiceHealth(tenant, service, expand));
        });
    }

    private static ServiceHealth ToServiceHealth(Tenant tenant, MonitoredService service, bool expandIssues) =>
        new(service.DisplayName, service.Status, service.Id, expandIssues ? tenant.IssuesOf(service) : null);

    /// <summary>$expand=issues (the only navigation); $select is ignored.</summary>
    private static bool ExpandIssues(HttpRequest request)
    {
        if (!request.Query.TryGetValue("$expand", out var expand))
        {
            return false;
        }
        foreach (var item in expand.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!item.Equals("issues", StringComparison.OrdinalIgnoreCase))
            {
                throw new ODataException(400, "BadRequest",
                    $"Could not find a property named '{item}' on type 'microsoft.graph.serviceHealth'.");
            }
        }
        return true;
    }

    // ---- issues and messages ----

    private static IResult ListIssues(HttpContext context, ServerAddress server, SettingsStore settings) =>
        Handle(context, () => OData.Page(context, Caller(context).Tenant.Issues,
            ContextPrefix + "issues", settings.Current, server.For(context)));

    private static IResult GetIssue(string id, HttpContext context, ServerAddress server) =>
        Handle(context, () => OData.Entity(context, server.For(context), ContextPrefix + "issues/$entity",
            Caller(context).Tenant.FindIssue(id) ?? throw NotFound(id)));

    private static IResult ListMessages(HttpContext context, ServerAddress server, SettingsStore settings, ViewPointStore viewPoints) =>
        Handle(context, () => OData.Page(context, Caller(context).Tenant.Messages.Select(m => viewPoints.Apply(Caller(context), m)),
            ContextPrefix + "messages", settings.Current, server.For(context)));

    private static IResult GetMessage(string id, HttpContext context, ServerAddress server, ViewPointStore viewPoints) =>
        Handle(context, () => OData.Entity(context, server.For(context), ContextPrefix + "messages/$entity",
            viewPoints.Apply(Caller(context), Caller(context).Tenant.FindMessage(id) ?? throw NotFound(id))));

    // ---- helpers ----

    internal static IResult Handle(HttpContext context, Func<IResult> respond)
    {
        try
        {
            return respond();
        }
        catch (ODataException e)
        {
            return OData.Error(context, e.Status, e.Code, e.Message);
        }
    }

    internal static ODataException NotFound(string key) =>
        new(StatusCodes.Status404NotFound, "NotFound", $"The requested resource '{key}' was not found.");

    private static string LastSegment(PathString path) =>
        (path.Value ?? "").TrimEnd('/').Split('/').LastOrDefault() ?? "";
}
