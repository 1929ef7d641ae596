using System;
using System.Collections.Generic;
using System.Linq;
using O365ServiceComms.Graph;
using O365ServiceComms.Text;

namespace O365ServiceComms
{
    /// <summary>Builds the objects the cmdlets emit from what Graph sent.</summary>
    internal sealed class ModelMapper
    {
        private readonly string _tenantId;
        private readonly ServiceCatalog _catalog;

        // The output types turn post content into text when it is first read, with the parser that lives here.
        static ModelMapper() => PlainText.Converter = HtmlText.ToPlainText;

        public ModelMapper(string tenantId, ServiceCatalog catalog)
        {
            _tenantId = tenantId;
            _catalog = catalog ?? ServiceCatalog.Empty;
        }

        public ServiceCatalog Catalog => _catalog;

        public ServiceStatus ToStatus(GraphServiceHealth health, DateTime readAt)
        {
            var active = (health.Issues ?? Array.Empty<GraphIssue>())
                .Where(issue => issue != null && !issue.IsResolved)
                .Select(ToIncident)
                .ToArray();

            return new ServiceStatus
            {
                Id = health.Id,
                Service = health.Service,
                Status = EnumText.Canonical(health.Status),
                StatusTime = readAt,
                IncidentIds = active.Select(issue => issue.Id).ToArray(),
                TenantId = _tenantId,
                ActiveIncidents = active,
            };
        }

        public ServiceIncident ToIncident(GraphIssue issue)
        {
            var incident = new ServiceIncident
            {
                Classification = EnumText.Canonical(issue.Classification),
                Origin = EnumText.Canonical(issue.Origin),
                Status = EnumText.Canonical(issue.Status),
                IsResolved = issue.IsResolved,
                Service = issue.Service,
                ServiceId = _catalog.IdOf(issue.Service),
                Feature = issue.Feature,
                FeatureGroup = issue.FeatureGroup,
                ImpactDescription = issue.ImpactDescription,
                Messages = (issue.Posts ?? Array.Empty<GraphPost>())
                    .Where(post => post != null)
                    .Select(ToPost)
                    .OrderBy(post => post.PublishedTime)
                    .ToArray(),
            };
            FillCommon(incident, issue);
            return incident;
        }

        public MessageCenterPost ToMessageCenterPost(GraphMessage message)
        {
            var post = new MessageCenterPost
            {
                Category = EnumText.Canonical(message.Category),
                Tags = message.Tags ?? Array.Empty<string>(),
                Services = message.Services ?? Array.Empty<string>(),
                IsMajorChange = message.IsMajorChange ?? false,
                ActionRequiredByDateTime = ToLocal(message.ActionRequiredByDateTime),
                HasAttachments = message.HasAttachments ?? false,
                ViewPoint = message.ViewPoint == null ? null : new ServiceMessageViewPoint
                {
                    IsRead = message.ViewPoint.IsRead,
                    IsArchived = message.ViewPoint.IsArchived,
                    IsFavorited = message.ViewPoint.IsFavorited,
                },
            };
            post.ServiceIds = post.Services.Select(name => _catalog.IdOf(name)).Where(id => id != null).ToArray();
            post.SetSeverity(EnumText.Canonical(message.Severity));
            FillCommon(post, message);

            post.Messages = new[]
            {
                new ServiceMessagePost
                {
                    PublishedTime = post.LastModifiedDateTime,
                    Content = message.Body?.Content,
                    ContentType = EnumText.Canonical(message.Body?.ContentType),
                },
            };
            return post;
        }

        private void FillCommon(ServiceMessage target, GraphAnnouncement source)
        {
            target.Id = source.Id;
            target.Title = source.Title;
            target.StartDateTime = ToLocal(source.StartDateTime) ?? default;
            target.EndDateTime = ToLocal(source.EndDateTime);
            target.LastModifiedDateTime = ToLocal(source.LastModifiedDateTime) ?? target.StartDateTime;
            target.Details = (source.Details ?? Array.Empty<GraphKeyValue>())
                .Where(detail => detail != null)
                .Select(detail => new ServiceMessageDetail { Name = detail.Name, Value = detail.Value })
                .ToArray();
            target.TenantId = _tenantId;
        }

        private static ServiceMessagePost ToPost(GraphPost post) => new ServiceMessagePost
        {
            PublishedTime = ToLocal(post.CreatedDateTime) ?? default,
            PostType = EnumText.Canonical(post.PostType),
            Content = post.Description?.Content,
            ContentType = EnumText.Canonical(post.Description?.ContentType),
        };

        // Local time, so that comparisons with Get-Date are right wherever the shell runs (DateTime compares ticks, not kinds).
        private static DateTime? ToLocal(DateTime? value)
        {
            if (value == null)
            {
                return null;
            }

            DateTime time = value.Value;
            if (time.Kind == DateTimeKind.Unspecified)
            {
                time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
            }

            return time.ToLocalTime();
        }
    }

    /// <summary>The tenant's service ids and display names, from healthOverviews.</summary>
    internal sealed class ServiceCatalog
    {
        public static readonly ServiceCatalog Empty = new ServiceCatalog(Array.Empty<KeyValuePair<string, string>>());

        private readonly Dictionary<string, string> _idByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _nameById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public ServiceCatalog(IEnumerable<KeyValuePair<string, string>> idAndName)
        {
            foreach (var pair in idAndName)
            {
                if (pair.Key == null || pair.Value == null)
                {
                    continue;
                }

                _nameById[pair.Key] = pair.Value;
                _idByName[pair.Value] = pair.Key;
            }
        }

        public IEnumerable<string> Ids => _nameById.Keys;

        public string IdOf(string displayName) =>
            displayName != null && _idByName.TryGetValue(displayName, out string id) ? id : null;

        public string NameOf(string id) =>
            id != null && _nameById.TryGetValue(id, out string name) ? name : null;
    }
}
