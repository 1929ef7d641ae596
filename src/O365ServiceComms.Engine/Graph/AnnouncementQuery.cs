using System;
using System.Collections.Generic;
using System.Linq;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// What a read of one list asks for, in the service's terms; the list's $filter is made from it here, nowhere else.
    /// Values are given as users type them (Graph's enum names in any spelling EnumText knows); services as the display
    /// names Graph filters on.
    /// </summary>
    internal abstract class AnnouncementQuery
    {
        /// <summary>Display names of services (Exchange Online); none for every service.</summary>
        public IReadOnlyList<string> Services { get; set; }

        /// <summary>Only items changed at or after this time (lastModifiedDateTime ge); a time of kind Unspecified is local.</summary>
        public DateTime? Since { get; set; }

        /// <summary>The list's path under serviceAnnouncement: issues or messages.</summary>
        public abstract string Collection { get; }

        /// <summary>
        /// The list with its filters but without <see cref="Since"/>: a -StatePath file keeps one state per key, so a
        /// filtered run never hides items from an unfiltered one, while -Since moves from run to run.
        /// </summary>
        public string StateKey
        {
            get
            {
                string filter = Filter(since: null);
                return filter == null ? Collection : Collection + " " + filter;
            }
        }

        /// <summary>The relative URI of the list, its $filter escaped.</summary>
        public string RelativeUri
        {
            get
            {
                string filter = Filter(Since);
                return filter == null ? Collection : Collection + "?$filter=" + Uri.EscapeDataString(filter);
            }
        }

        /// <summary>A copy asking for items changed since the given time instead.</summary>
        public AnnouncementQuery WithSince(DateTime? since)
        {
            var copy = (AnnouncementQuery)MemberwiseClone();
            copy.Since = since;
            return copy;
        }

        /// <summary>The $filter text, or null when nothing is filtered.</summary>
        internal abstract string Filter(DateTime? since);

        /// <summary>Enum values as Graph writes them in a filter (serviceDegradation): canonical spelling, first letter lower case.</summary>
        protected static IEnumerable<string> GraphEnumValues(IEnumerable<string> values) =>
            values?.Select(value => EnumText.Canonical(value.Trim()))
                .Select(value => value.Length == 0 ? value : char.ToLowerInvariant(value[0]) + value.Substring(1));
    }

    /// <summary>A read of the service health issues (incidents and advisories).</summary>
    internal sealed class IssueQuery : AnnouncementQuery
    {
        /// <summary>Only unresolved issues (isResolved eq false).</summary>
        public bool ActiveOnly { get; set; }

        /// <summary>incident or advisory.</summary>
        public IReadOnlyList<string> Classifications { get; set; }

        /// <summary>Statuses such as serviceDegradation.</summary>
        public IReadOnlyList<string> Statuses { get; set; }

        public override string Collection => "issues";

        internal override string Filter(DateTime? since) => new ODataFilterBuilder()
            .AnyOf("service", Services)
            .IsEqual("isResolved", ActiveOnly ? false : (bool?)null)
            .OnOrAfter("lastModifiedDateTime", since)
            .AnyOf("classification", GraphEnumValues(Classifications))
            .AnyOf("status", GraphEnumValues(Statuses))
            .Build();
    }

    /// <summary>A read of the Message Center posts.</summary>
    internal sealed class MessageQuery : AnnouncementQuery
    {
        /// <summary>normal, high or critical.</summary>
        public IReadOnlyList<string> Severities { get; set; }

        /// <summary>preventOrFixIssue, planForChange or stayInformed.</summary>
        public IReadOnlyList<string> Categories { get; set; }

        public override string Collection => "messages";

        internal override string Filter(DateTime? since) => new ODataFilterBuilder()
            .ContainsAnyOf("services", Services)
            .OnOrAfter("lastModifiedDateTime", since)
            .AnyOf("severity", GraphEnumValues(Severities))
            .AnyOf("category", GraphEnumValues(Categories))
            .Build();
    }
}
