using System;
using System.Linq;

namespace O365ServiceComms
{
    /// <summary>
    /// A service health issue or a Message Center post, under Graph's names and the old API's.
    /// </summary>
    /// <remarks>
    /// Both kinds have the same properties, each null where it does not apply to the kind (Severity on an issue,
    /// Status on a Message Center post...): Export-Csv and ConvertTo-Html take their columns from the first object,
    /// so a mixed list exported together keeps every column whichever kind comes first.
    /// </remarks>
    public abstract class ServiceMessage
    {
        private ServiceHealthIssuePost[] _posts;
        private ValueList<ServiceHealthIssuePost> _postList;
        private ServiceItemBody _body;
        private ValueList<ServiceMessagePost> _messages;

        public string Id { get; internal set; }

        public string Title { get; internal set; }

        /// <summary>Incident for service health issues (advisories included), MessageCenter for Message Center posts.</summary>
        public abstract string MessageType { get; }

        public string TenantId { get; internal set; }

        public DateTime StartDateTime { get; internal set; }

        public DateTime? EndDateTime { get; internal set; }

        public DateTime LastModifiedDateTime { get; internal set; }

        // ---- service health issues (null on Message Center posts) ----

        /// <summary>The issue's service display name, e.g. Exchange Online.</summary>
        public string Service { get; internal set; }

        /// <summary>The issue's service short id (e.g. Exchange), where the tenant's service list names it.</summary>
        public string ServiceId { get; internal set; }

        /// <summary>The issue's status in the old API's spelling, e.g. ServiceDegradation; a new value is kept as sent.</summary>
        public string Status { get; internal set; }

        /// <summary>Incident or Advisory.</summary>
        public string Classification { get; internal set; }

        /// <summary>Microsoft, ThirdParty or Customer.</summary>
        public string Origin { get; internal set; }

        public string Feature { get; internal set; }

        public string FeatureGroup { get; internal set; }

        public string ImpactDescription { get; internal set; }

        public bool? IsResolved { get; internal set; }

        /// <summary>Whether Microsoft rates the issue high impact (sent by the live service, not in v1.0's schema); often null.</summary>
        public bool? HighImpact { get; internal set; }

        /// <summary>The issue's posts under Graph's names, in the order Graph sent them.</summary>
        public ValueList<ServiceHealthIssuePost> Posts =>
            _posts == null ? null : _postList ?? (_postList = new ValueList<ServiceHealthIssuePost>(_posts));

        // ---- Message Center posts (null on issues) ----

        /// <summary>Message Center's Normal, High or Critical; none for issues, which Graph gives no severity.</summary>
        public string Severity { get; internal set; }

        /// <summary>PreventOrFixIssue, PlanForChange or StayInformed.</summary>
        public string Category { get; internal set; }

        /// <summary>Display names of the services the Message Center post concerns.</summary>
        public ValueList<string> Services { get; internal set; }

        /// <summary>Ids of the services the Message Center post concerns, where the tenant's service list names them.</summary>
        public ValueList<string> ServiceIds { get; internal set; }

        public ValueList<string> Tags { get; internal set; }

        public bool? IsMajorChange { get; internal set; }

        public DateTime? ActionRequiredByDateTime { get; internal set; }

        /// <summary>When the Message Center post leaves Message Center (sent by the live service, not in v1.0's schema).</summary>
        public DateTime? ExpiryDateTime { get; internal set; }

        public bool? HasAttachments { get; internal set; }

        /// <summary>Read, archive and favourite state; none under an app-only sign-in.</summary>
        public ServiceMessageViewPoint ViewPoint { get; internal set; }

        /// <summary>The Message Center post's body as plain text.</summary>
        public string Body => _body?.Text;

        /// <summary>The Message Center post's body as Graph sent it (body.content, usually HTML).</summary>
        public string BodyContent => _body?.Content;

        /// <summary>Html or Text (body.contentType).</summary>
        public string BodyContentType => _body?.ContentType;

        // ---- both ----

        /// <summary>Name/value pairs such as ExternalLink or NotifyInApp.</summary>
        public ValueList<ServiceMessageDetail> Details { get; internal set; } = ValueList<ServiceMessageDetail>.Empty;

        /// <summary>
        /// The old API's Messages: the posts of an issue oldest first, or the body of a Message Center post, with their
        /// plain text. Made when first read, from the same data as Posts and Body.
        /// </summary>
        public ValueList<ServiceMessagePost> Messages => _messages ?? (_messages = BuildMessages());

        /// <summary>The newest post of an issue, or the body of a Message Center post.</summary>
        public ServiceMessagePost LatestPost => Messages.Count == 0 ? null : Messages[Messages.Count - 1];

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        // ---- the old API's names ----

        public DateTime StartTime => StartDateTime;

        public DateTime? EndTime => EndDateTime;

        public DateTime LastUpdatedTime => LastModifiedDateTime;

        /// <summary>The service ids: the issue's one, or those of a Message Center post.</summary>
        public ValueList<string> Workload =>
            ServiceIds ?? (ServiceId == null ? ValueList<string>.Empty : new ValueList<string>(new[] { ServiceId }));

        /// <summary>The service display names: the issue's one, or those of a Message Center post.</summary>
        public ValueList<string> WorkloadDisplayName =>
            Services ?? (Service == null ? ValueList<string>.Empty : new ValueList<string>(new[] { Service }));

        public string FeatureDisplayName => FeatureGroup;

        public ValueList<string> MessageTagNames => Tags;

        public ValueList<string> AffectedWorkloadDisplayNames => Services;

        public DateTime? ActionRequiredByDate => ActionRequiredByDateTime;

        public override string ToString() => Id;

        internal void SetPosts(ServiceHealthIssuePost[] posts)
        {
            _posts = posts;
            _postList = null;
            _messages = null;
        }

        internal void SetBody(ServiceItemBody body)
        {
            _body = body;
            _messages = null;
        }

        private ValueList<ServiceMessagePost> BuildMessages()
        {
            if (_posts != null)
            {
                return new ValueList<ServiceMessagePost>(_posts
                    .OrderBy(post => post.CreatedDateTime ?? default)
                    .Select(post => new ServiceMessagePost(post.CreatedDateTime ?? default, post.PostType, post.Body))
                    .ToArray());
            }

            return _body == null
                ? ValueList<ServiceMessagePost>.Empty
                : new ValueList<ServiceMessagePost>(new[] { new ServiceMessagePost(LastModifiedDateTime, null, _body) });
        }
    }
}
