using System;

namespace O365ServiceComms
{
    /// <summary>A service health issue (Graph's serviceHealthIssue): an incident or an advisory.</summary>
    public sealed class ServiceIncident : ServiceMessage
    {
        public override string MessageType => "Incident";

        /// <summary>Incident or Advisory.</summary>
        public string Classification { get; internal set; }

        /// <summary>Microsoft, ThirdParty or Customer.</summary>
        public string Origin { get; internal set; }

        /// <summary>The status in the old API's spelling, e.g. ServiceDegradation or ServiceRestored.</summary>
        public string Status { get; internal set; }

        public bool IsResolved { get; internal set; }

        /// <summary>The service's display name, e.g. Exchange Online.</summary>
        public string Service { get; internal set; }

        /// <summary>The service's short id (e.g. Exchange), where the tenant's service list names it.</summary>
        public string ServiceId { get; internal set; }

        public string Feature { get; internal set; }

        public string FeatureGroup { get; internal set; }

        public string ImpactDescription { get; internal set; }

        public string FeatureDisplayName => FeatureGroup;

        /// <summary>The legacy name of ServiceId.</summary>
        public string Workload => ServiceId;

        /// <summary>The legacy name of Service.</summary>
        public string WorkloadDisplayName => Service;
    }
}
