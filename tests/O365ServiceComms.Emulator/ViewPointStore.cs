using System.Collections.Concurrent;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Each user's read, archived and favorite state of Message Center posts, changed by the viewpoint actions.
/// Like Graph: app-only callers see viewPoint null; a user sees their own state (all false until they change it).
/// Kept for the emulator's lifetime; POST /_emulator/reset clears it.
/// </summary>
internal sealed class ViewPointStore
{
    private static readonly MessageViewpoint Unread = new(false, false, false);

    private readonly ConcurrentDictionary<(string Tenant, string User, string Message), MessageViewpoint> _states = new();

    /// <summary>The message as this caller sees it.</summary>
    public ServiceUpdateMessage Apply(GraphCaller caller, ServiceUpdateMessage message) =>
        caller.Token.UserObjectId is string user
            ? message with { ViewPoint = _states.GetValueOrDefault((caller.Tenant.Id, user, message.Id), Unread) }
            : message with { ViewPoint = null };

    public void Change(GraphCaller caller, string messageId, Func<MessageViewpoint, MessageViewpoint> change)
    {
        var user = caller.Token.UserObjectId ?? throw new InvalidOperationException("Only users have a viewpoint.");
        _states.AddOrUpdate((caller.Tenant.Id, user, messageId), _ => change(Unread), (_, current) => change(current));
    }

    public void Clear() => _states.Clear();
}
