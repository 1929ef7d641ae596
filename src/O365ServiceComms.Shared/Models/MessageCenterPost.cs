using System;

namespace O365ServiceComms
{
    /// <summary>A Message Center post (Graph's serviceUpdateMessage): a planned change or something to know.</summary>
    public sealed class MessageCenterPost : ServiceMessage
    {
        private string _severity;

        public override string MessageType => "MessageCenter";

        public override string Severity => _severity;

        /// <summary>PreventOrFixIssue, PlanForChange or StayInformed.</summary>
        public string Category { get; internal set; }

        public string[] Tags { get; internal set; } = Array.Empty<string>();

        /// <summary>Display names of the services the post concerns.</summary>
        public string[] Services { get; internal set; } = Array.Empty<string>();

        /// <summary>Ids of the services the post concerns, where the tenant's service list names them.</summary>
        public string[] ServiceIds { get; internal set; } = Array.Empty<string>();

        public bool IsMajorChange { get; internal set; }

        public DateTime? ActionRequiredByDateTime { get; internal set; }

        public bool HasAttachments { get; internal set; }

        /// <summary>Read, archive and favourite state; none under an app-only sign-in.</summary>
        public ServiceMessageViewPoint ViewPoint { get; internal set; }

        /// <summary>The body as plain text (the one entry of Messages).</summary>
        public string Body => Messages.Length > 0 ? Messages[0].MessageText : string.Empty;

        public string MessageTagNames => string.Join(", ", Tags);

        public string[] AffectedWorkloadDisplayNames => Services;

        public DateTime? ActionRequiredByDate => ActionRequiredByDateTime;

        /// <summary>The legacy name of ServiceIds.</summary>
        public string[] Workload => ServiceIds;

        /// <summary>The legacy name of Services.</summary>
        public string[] WorkloadDisplayName => Services;

        internal void SetSeverity(string severity) => _severity = severity;
    }
}
