using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Keeps the answered pages of a tenant loaded with POST /_emulator/dataset, so that the benchmark measures the
/// client and not the emulator's JSON writer (which shares the machine's cores with it). A tenant's data never
/// changes (a new dataset is a new Tenant object), so a page is the same bytes for the same request; only 200
/// answers are kept, per caller (tenant, app, audience), and every request is still authenticated and logged.
/// </summary>
internal sealed class DatasetPageCache
{
    private readonly ConditionalWeakTable<Tenant, ConcurrentDictionary<string, CachedPage>> _pages = new();

    public void Enable(Tenant tenant) => _pages.AddOrUpdate(tenant, new ConcurrentDictionary<string, CachedPage>(StringComparer.Ordinal));

    public ConcurrentDictionary<string, CachedPage>? PagesOf(Tenant tenant) => _pages.TryGetValue(tenant, out var pages) ? pages : null;
}

internal sealed record CachedPage(byte[] Body, string? ContentType, string? PreferenceApplied);

internal sealed class DatasetPageCacheMiddleware(RequestDelegate next, DatasetPageCache cache, TokenService tokens, TenantDirectory directory)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var pages = HttpMethods.IsGet(request.Method) && IsCollectionPath(request.Path) ? PagesFor(request) : null;
        if (pages is null)
        {
            await next(context);
            return;
        }

        var header = request.Headers.Authorization.ToString();
        var check = tokens.Check(header["Bearer ".Length..].Trim());
        var key = string.Join('|', check.Token!.ClientId, check.Token.Audience, request.Path.Value, request.QueryString.Value, request.Headers["Prefer"].ToString());
        if (pages.TryGetValue(key, out var cached))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = cached.ContentType;
            if (cached.PreferenceApplied is not null)
            {
                context.Response.Headers["Preference-Applied"] = cached.PreferenceApplied;
            }
            context.Response.ContentLength = cached.Body.Length;
            await context.Response.Body.WriteAsync(cached.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var preference = context.Response.Headers["Preference-Applied"].ToString();
            pages.TryAdd(key, new CachedPage(buffer.ToArray(), context.Response.ContentType, preference.Length > 0 ? preference : null));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool IsCollectionPath(PathString path) =>
        path.Equals("/v1.0/admin/serviceAnnouncement/issues", StringComparison.OrdinalIgnoreCase) ||
        path.Equals("/v1.0/admin/serviceAnnouncement/messages", StringComparison.OrdinalIgnoreCase);

    /// <summary>The cache of the caller's tenant, when the caller's token is valid and its tenant has a dataset.</summary>
    private ConcurrentDictionary<string, CachedPage>? PagesFor(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var check = tokens.Check(header["Bearer ".Length..].Trim());
        var tenant = check.Status == TokenStatus.Valid ? directory.FindById(check.Token!.TenantId) : null;
        return tenant is null ? null : cache.PagesOf(tenant);
    }
}
