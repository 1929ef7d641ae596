using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// POST messages/markRead, markUnread, archive, unarchive, favorite, unfavorite with {"messageIds":[...]}: change the
/// signed-in user's viewpoint and answer {"value": true}. Delegated tokens with ServiceMessageViewpoint.Write only;
/// app-only tokens get 403, as on Graph, where these actions have no application permission.
/// </summary>
internal static class ViewPointEndpoints
{
    public const string ViewPointWrite = "ServiceMessageViewpoint.Write";

    private static readonly Dictionary<string, Func<MessageViewpoint, MessageViewpoint>> Actions = new(StringComparer.Ordinal)
    {
        ["markRead"] = v => v with { IsRead = true },
        ["markUnread"] = v => v with { IsRead = false },
        ["archive"] = v => v with { IsArchived = true },
        ["unarchive"] = v => v with { IsArchived = false },
        ["favorite"] = v => v with { IsFavorited = true },
        ["unfavorite"] = v => v with { IsFavorited = false },
    };

    public static void MapViewPointEndpoints(this RouteGroupBuilder graph)
    {
        foreach (var (name, change) in Actions)
        {
            graph.MapPost("/messages/" + name, (HttpContext context, ViewPointStore store) => ChangeAsync(context, store, change))
                .AddEndpointFilter(async (invocation, next) =>
                {
                    var token = GraphEndpoints.Caller(invocation.HttpContext).Token;
                    return token.IsDelegated && token.Scopes.Contains(ViewPointWrite, StringComparer.Ordinal)
                        ? await next(invocation)
                        : OData.Error(invocation.HttpContext, StatusCodes.Status403Forbidden, "UnknownError", "");
                });
        }
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, ViewPointStore store, Func<MessageViewpoint, MessageViewpoint> change)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync();
        }
        context.Features.Get<RequestLogEntry>()?.RecordBody(body);

        return GraphEndpoints.Handle(context, () =>
        {
            var caller = GraphEndpoints.Caller(context);
            var messages = MessageIds(body).Select(id =>
                caller.Tenant.FindMessage(id) ?? throw new ODataException(StatusCodes.Status400BadRequest, "BadRequest", $"Invalid message id '{id}'."))
                .ToList();
            foreach (var message in messages)
            {
                store.Change(caller, message.Id, change);
            }
            var origin = context.RequestServices.GetRequiredService<ServerAddress>().For(context);
            return OData.Entity(context, origin, "Edm.Boolean", new { Value = true });
        });
    }

    private static List<string> MessageIds(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("messageIds", out var ids) &&
                ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0 &&
                ids.EnumerateArray().All(id => id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0))
            {
                return ids.EnumerateArray().Select(id => id.GetString()!).ToList();
            }
        }
        catch (JsonException)
        {
            // Answered below like any other malformed body.
        }
        throw new ODataException(StatusCodes.Status400BadRequest, "BadRequest", "The request body must be {\"messageIds\": [\"MC...\"]} with at least one id.");
    }
}
