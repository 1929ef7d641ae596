namespace O365ServiceComms.Emulator;

/// <summary>
/// GET issues/{id}/incidentReport (the review document, only for status postIncidentReviewPublished; otherwise
/// 404 NotFound, which is what the reference's "returns an error" amounts to), and the attachments of Message Center
/// posts: messages/{id}/attachments, attachments/{aid}, attachments/{aid}/content and attachmentsArchive (a zip).
/// </summary>
internal static class AnnouncementFileEndpoints
{
    private const string ContextPrefix = "admin/serviceAnnouncement/";

    public static void MapAnnouncementFileEndpoints(this RouteGroupBuilder graph)
    {
        graph.MapGet("/issues/{id}/incidentReport", IncidentReport).RequireRole(GraphRoles.ServiceHealthReadAll);
        graph.MapGet("/messages/{id}/attachments", ListAttachments).RequireRole(GraphRoles.ServiceMessageReadAll);
        graph.MapGet("/messages/{id}/attachments/{attachmentId}", GetAttachment).RequireRole(GraphRoles.ServiceMessageReadAll);
        graph.MapGet("/messages/{id}/attachments/{attachmentId}/content", GetAttachmentContent).RequireRole(GraphRoles.ServiceMessageReadAll);
        graph.MapGet("/messages/{id}/attachmentsArchive", GetArchive).RequireRole(GraphRoles.ServiceMessageReadAll);
    }

    private static IResult IncidentReport(string id, HttpContext context) =>
        GraphEndpoints.Handle(context, () =>
        {
            var issue = GraphEndpoints.Caller(context).Tenant.FindIssue(id) ?? throw GraphEndpoints.NotFound(id);
            var report = DemoFiles.IncidentReport(issue)
                ?? throw new ODataException(StatusCodes.Status404NotFound, "NotFound", $"The post-incident review document for issue '{issue.Id}' was not found.");
            return new FileResult(report);
        });

    private static IResult ListAttachments(string id, HttpContext context, ServerAddress server, SettingsStore settings) =>
        GraphEndpoints.Handle(context, () =>
        {
            var message = FindMessage(context, id);
            return OData.Collection(context, server.For(context), ContextPrefix + $"messages('{message.Id}')/attachments",
                DemoFiles.Attachments(message), nextLink: null);
        });

    private static IResult GetAttachment(string id, string attachmentId, HttpContext context, ServerAddress server) =>
        GraphEndpoints.Handle(context, () =>
        {
            var message = FindMessage(context, id);
            return OData.Entity(context, server.For(context), ContextPrefix + $"messages('{message.Id}')/attachments/$entity",
                FindAttachment(message, attachmentId));
        });

    private static IResult GetAttachmentContent(string id, string attachmentId, HttpContext context) =>
        GraphEndpoints.Handle(context, () =>
        {
            var attachment = FindAttachment(FindMessage(context, id), attachmentId);
            return new FileResult(new DemoFiles.ServedFile(attachment.Content, attachment.ContentType, null));
        });

    private static IResult GetArchive(string id, HttpContext context) =>
        GraphEndpoints.Handle(context, () =>
        {
            var message = FindMessage(context, id);
            var attachments = DemoFiles.Attachments(message);
            if (attachments.Count == 0)
            {
                throw new ODataException(StatusCodes.Status404NotFound, "NotFound", $"The message '{message.Id}' has no attachments.");
            }
            return new FileResult(DemoFiles.Archive(message, attachments));
        });

    private static ServiceUpdateMessage FindMessage(HttpContext context, string id) =>
        GraphEndpoints.Caller(context).Tenant.FindMessage(id) ?? throw GraphEndpoints.NotFound(id);

    private static ServiceAnnouncementAttachment FindAttachment(ServiceUpdateMessage message, string attachmentId) =>
        DemoFiles.Attachments(message).FirstOrDefault(a => string.Equals(a.Id, attachmentId, StringComparison.OrdinalIgnoreCase))
        ?? throw GraphEndpoints.NotFound(attachmentId);

    /// <summary>The bytes with their media type and, when the file has one, Content-Disposition exactly as given.</summary>
    private sealed class FileResult(DemoFiles.ServedFile file) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = file.ContentType;
            context.Response.ContentLength = file.Content.Length;
            if (file.ContentDisposition is not null)
            {
                context.Response.Headers.ContentDisposition = file.ContentDisposition;
            }
            await context.Response.Body.WriteAsync(file.Content);
        }
    }
}
