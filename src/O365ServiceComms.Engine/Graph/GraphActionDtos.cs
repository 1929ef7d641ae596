using System;
using Newtonsoft.Json;

// Shapes of the attachment lists and of the answers to the viewpoint actions (markRead, archive, favorite...).
namespace O365ServiceComms.Graph
{
    internal sealed class GraphAttachment : GraphResource
    {
        [JsonProperty("id")] public string Id;
        [JsonProperty("name")] public string Name;
        [JsonProperty("contentType")] public string ContentType;
        [JsonProperty("size")] public long? Size;
        [JsonProperty("isInline")] public bool? IsInline;
        [JsonProperty("lastModifiedDateTime")] public DateTime? LastModifiedDateTime;
    }

    /// <summary>{"value": true}: what markRead, archive, favorite and their opposites answer.</summary>
    internal sealed class GraphActionResult
    {
        [JsonProperty("value")] public bool? Value;
    }
}
