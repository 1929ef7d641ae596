using System;
using Newtonsoft.Json;

// The shapes Graph sends. Unknown properties are ignored (the live service adds fields such as highImpact).
namespace O365ServiceComms.Graph
{
    internal sealed class GraphServiceHealth
    {
        [JsonProperty("id")] public string Id;
        [JsonProperty("service")] public string Service;
        [JsonProperty("status")] public string Status;
        [JsonProperty("issues")] public GraphIssue[] Issues;
    }

    internal abstract class GraphAnnouncement
    {
        [JsonProperty("id")] public string Id;
        [JsonProperty("title")] public string Title;
        [JsonProperty("startDateTime")] public DateTime? StartDateTime;
        [JsonProperty("endDateTime")] public DateTime? EndDateTime;
        [JsonProperty("lastModifiedDateTime")] public DateTime? LastModifiedDateTime;
        [JsonProperty("details")] public GraphKeyValue[] Details;
    }

    internal sealed class GraphIssue : GraphAnnouncement
    {
        [JsonProperty("classification")] public string Classification;
        [JsonProperty("origin")] public string Origin;
        [JsonProperty("status")] public string Status;
        [JsonProperty("service")] public string Service;
        [JsonProperty("feature")] public string Feature;
        [JsonProperty("featureGroup")] public string FeatureGroup;
        [JsonProperty("impactDescription")] public string ImpactDescription;
        [JsonProperty("isResolved")] public bool IsResolved;
        [JsonProperty("posts")] public GraphPost[] Posts;
    }

    internal sealed class GraphMessage : GraphAnnouncement
    {
        [JsonProperty("category")] public string Category;
        [JsonProperty("severity")] public string Severity;
        [JsonProperty("tags")] public string[] Tags;
        [JsonProperty("services")] public string[] Services;
        [JsonProperty("isMajorChange")] public bool? IsMajorChange;
        [JsonProperty("actionRequiredByDateTime")] public DateTime? ActionRequiredByDateTime;
        [JsonProperty("hasAttachments")] public bool? HasAttachments;
        [JsonProperty("body")] public GraphItemBody Body;
        [JsonProperty("viewPoint")] public GraphViewPoint ViewPoint;
    }

    internal sealed class GraphPost
    {
        [JsonProperty("createdDateTime")] public DateTime? CreatedDateTime;
        [JsonProperty("postType")] public string PostType;
        [JsonProperty("description")] public GraphItemBody Description;
    }

    internal sealed class GraphItemBody
    {
        [JsonProperty("contentType")] public string ContentType;
        [JsonProperty("content")] public string Content;
    }

    internal sealed class GraphKeyValue
    {
        [JsonProperty("name")] public string Name;
        [JsonProperty("value")] public string Value;
    }

    internal sealed class GraphViewPoint
    {
        [JsonProperty("isRead")] public bool? IsRead;
        [JsonProperty("isArchived")] public bool? IsArchived;
        [JsonProperty("isFavorited")] public bool? IsFavorited;
    }

    internal sealed class GraphErrorBody
    {
        [JsonProperty("error")] public GraphError Error;
    }

    internal sealed class GraphError
    {
        [JsonProperty("code")] public string Code;
        [JsonProperty("message")] public string Message;
        [JsonProperty("innerError")] public GraphInnerError InnerError;
    }

    internal sealed class GraphInnerError
    {
        [JsonProperty("request-id")] public string RequestId;
        [JsonProperty("date")] public string Date;
    }
}
