using System;

namespace O365ServiceComms
{
    /// <summary>The health of one service in a tenant, as Get-O365ServiceStatus returns it.</summary>
    public sealed class ServiceStatus
    {
        /// <summary>The short service id, e.g. Exchange, Lync, microsoftteams (the legacy Workload).</summary>
        public string Id { get; internal set; }

        /// <summary>The display name, e.g. Exchange Online (the legacy WorkloadDisplayName).</summary>
        public string Service { get; internal set; }

        /// <summary>The status in the old API's spelling, e.g. ServiceOperational; a value unknown to this version is kept as sent.</summary>
        public string Status { get; internal set; }

        /// <summary>When this status was read.</summary>
        public DateTime StatusTime { get; internal set; }

        /// <summary>The ids of the service's unresolved issues.</summary>
        public ValueList<string> IncidentIds { get; internal set; } = ValueList<string>.Empty;

        public string TenantId { get; internal set; }

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        public string Workload => Id;

        public string WorkloadDisplayName => Service;

        /// <summary>The unresolved issues as read with the status, so that piping to Get-O365ServiceMessage costs no request.</summary>
        internal ServiceIncident[] ActiveIncidents { get; set; } = Array.Empty<ServiceIncident>();

        public override string ToString() => Id;
    }
}
