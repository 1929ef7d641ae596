using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
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
            // An issue whose isResolved is missing counts as active: hiding a live incident is worse than showing a finished one.
            var active = (health.Issues ?? Array.Empty<GraphIssue>())
                .Where(issue => issue != null && issue.IsResolved != true)
                .Select(ToIncident)
                .ToArray();

            return new ServiceStatus
            {
                Id = health.Id,
                Service = health.Service,
                Status = EnumText.Canonical(health.Status),
                StatusTime = readAt,
                IncidentIds = new ValueList<string>(active.Select(issue => issue.Id).Where(id => id != null).ToArray()),
                TenantId = _tenantId,
                ActiveIncidents = active,
                AdditionalProperties = ToProperties(health.Extra),
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
                HighImpact = issue.HighImpact,
                Service = issue.Service,
                ServiceId = _catalog.IdOf(issue.Service),
                Feature = issue.Feature,
                FeatureGroup = issue.FeatureGroup,
                ImpactDescription = issue.ImpactDescription,
            };
            incident.SetPosts(ToPosts(issue.Posts));
            FillCommon(incident, issue);
            return incident;
        }

        public MessageCenterPost ToMessageCenterPost(GraphMessage message)
        {
            ValueList<string> services = Texts(message.Services);
            var post = new MessageCenterPost
            {
                Severity = EnumText.Canonical(message.Severity),
                Category = EnumText.Canonical(message.Category),
                Tags = Texts(message.Tags),
                Services = services,
                ServiceIds = ServiceIdsOf(services),
                IsMajorChange = message.IsMajorChange,
                ActionRequiredByDateTime = ToLocal(message.ActionRequiredByDateTime),
                ExpiryDateTime = ToLocal(message.ExpiryDateTime),
                HasAttachments = message.HasAttachments,
                ViewPoint = message.ViewPoint == null ? null : new ServiceMessageViewPoint
                {
                    IsRead = message.ViewPoint.IsRead,
                    IsArchived = message.ViewPoint.IsArchived,
                    IsFavorited = message.ViewPoint.IsFavorited,
                    AdditionalProperties = ToProperties(message.ViewPoint.Extra),
                },
            };
            FillCommon(post, message);
            post.SetBody(new ServiceItemBody(message.Body?.ContentSource, EnumText.Canonical(message.Body?.ContentType))
            {
                AdditionalProperties = ToProperties(message.Body?.Extra),
            });
            return post;
        }

        public ServiceMessageAttachment ToAttachment(GraphAttachment attachment, string messageId) => new ServiceMessageAttachment
        {
            Id = attachment.Id,
            Name = attachment.Name,
            ContentType = attachment.ContentType,
            Size = attachment.Size,
            LastModifiedDateTime = ToLocal(attachment.LastModifiedDateTime),
            IsInline = attachment.IsInline,
            MessageId = messageId,
            TenantId = _tenantId,
            AdditionalProperties = ToProperties(attachment.Extra),
        };

        private void FillCommon(ServiceMessage target, GraphAnnouncement source)
        {
            target.Id = source.Id;
            target.Title = source.Title;
            target.StartDateTime = ToLocal(source.StartDateTime) ?? default;
            target.EndDateTime = ToLocal(source.EndDateTime);
            target.LastModifiedDateTime = ToLocal(source.LastModifiedDateTime) ?? target.StartDateTime;
            target.Details = ToDetails(source.Details);
            target.TenantId = _tenantId;
            target.AdditionalProperties = ToProperties(source.Extra);
        }

        // Loops rather than LINQ here and in ToDetails: they run for every item of a long list, and each LINQ step is an
        // allocation or two per item.
        private ValueList<string> ServiceIdsOf(ValueList<string> services)
        {
            if (services.Count == 0)
            {
                return ValueList<string>.Empty;
            }

            var ids = new string[services.Count];
            int found = 0;
            for (int index = 0; index < services.Count; index++)
            {
                if (_catalog.IdOf(services[index]) is string id)
                {
                    ids[found++] = id;
                }
            }

            if (found < ids.Length)
            {
                Array.Resize(ref ids, found);
            }

            return found == 0 ? ValueList<string>.Empty : new ValueList<string>(ids);
        }

        private static ValueList<ServiceMessageDetail> ToDetails(GraphKeyValue[] details)
        {
            if (details == null || details.Length == 0)
            {
                return ValueList<ServiceMessageDetail>.Empty;
            }

            var result = new List<ServiceMessageDetail>(details.Length);
            foreach (GraphKeyValue detail in details)
            {
                if (detail != null)
                {
                    result.Add(new ServiceMessageDetail { Name = detail.Name, Value = detail.Value, AdditionalProperties = ToProperties(detail.Extra) });
                }
            }

            return new ValueList<ServiceMessageDetail>(result.ToArray());
        }

        // Posts as Graph sent them; their text, their Description objects and the old API's sorted Messages are made
        // only when read.
        private static ServiceHealthIssuePost[] ToPosts(GraphPost[] posts)
        {
            if (posts == null || posts.Length == 0)
            {
                return Array.Empty<ServiceHealthIssuePost>();
            }

            var result = new List<ServiceHealthIssuePost>(posts.Length);
            foreach (GraphPost post in posts)
            {
                if (post == null)
                {
                    continue;
                }

                result.Add(new ServiceHealthIssuePost(
                    ToLocal(post.CreatedDateTime),
                    EnumText.Canonical(post.PostType),
                    post.Description?.ContentSource,
                    EnumText.Canonical(post.Description?.ContentType),
                    hasDescription: post.Description != null,
                    descriptionProperties: ToProperties(post.Description?.Extra))
                {
                    AdditionalProperties = ToProperties(post.Extra),
                });
            }

            return result.ToArray();
        }

        private static ValueList<string> Texts(string[] values) =>
            values == null || values.Length == 0
                ? ValueList<string>.Empty
                : new ValueList<string>(Array.IndexOf(values, null) < 0 ? values : values.Where(value => value != null).ToArray());

        // What Graph sent beyond the known properties, as plain values; OData annotations (@odata.context...) are not data.
        private static PropertyDictionary ToProperties(IDictionary<string, JToken> extra)
        {
            if (extra == null || extra.Count == 0)
            {
                return PropertyDictionary.Empty;
            }

            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in extra)
            {
                if (!pair.Key.StartsWith("@odata.", StringComparison.Ordinal))
                {
                    properties[pair.Key] = ToPlainValue(pair.Value);
                }
            }

            return properties.Count == 0 ? PropertyDictionary.Empty : new PropertyDictionary(properties);
        }

        private static object ToPlainValue(JToken token)
        {
            switch (token)
            {
                case JObject obj:
                    return ToProperties(obj.Properties().ToDictionary(p => p.Name, p => p.Value));
                case JArray array:
                    return new ValueList<object>(array.Select(ToPlainValue).ToArray());
                case JValue value when value.Type == JTokenType.Date:
                    return value.Value is DateTimeOffset offset ? offset.LocalDateTime : ToLocal((DateTime)value.Value);
                case JValue value:
                    return value.Value;
                default:
                    return null;
            }
        }

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
