using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using O365ServiceComms.Text;

namespace O365ServiceComms.Publishing
{
    internal enum FeedFormat
    {
        Rss,
        Atom,
    }

    /// <summary>
    /// An RSS 2.0 or Atom 1.0 feed of service messages, built with System.ServiceModel.Syndication: one item per
    /// message, newest update first.
    /// </summary>
    internal static class ServiceFeed
    {
        /// <summary>Where the channel links to when no link is given: the service health page of the Microsoft 365 admin center.</summary>
        public static readonly Uri DefaultLink = new Uri("https://admin.microsoft.com/Adminportal/Home#/servicehealth");

        private const string IdPrefix = "urn:o365servicecomms:";
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>The feed as UTF-8 bytes (no byte order mark), with an XML declaration saying so.</summary>
        public static byte[] Build(IReadOnlyList<ServiceMessage> messages, FeedFormat format, string title, Uri link, DateTime generatedAtUtc)
        {
            SyndicationFeed feed = CreateFeed(messages, format, title ?? DefaultTitle(messages), link ?? DefaultLink, generatedAtUtc);
            var settings = new XmlWriterSettings { Encoding = s_utf8, Indent = true, NewLineChars = "\n" };
            using (var stream = new MemoryStream())
            {
                using (XmlWriter writer = XmlWriter.Create(stream, settings))
                {
                    if (format == FeedFormat.Rss)
                    {
                        // Atom extension elements in RSS only repeat what the RSS elements say.
                        new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
                    }
                    else
                    {
                        new Atom10FeedFormatter(feed).WriteTo(writer);
                    }
                }

                return stream.ToArray();
            }
        }

        /// <summary>The text an item carries: what the message is about, then its latest post (incidents) or body (Message Center).</summary>
        public static string ItemText(ServiceMessage message)
        {
            var lines = new List<string>();
            string body;
            switch (message)
            {
                case ServiceIncident incident:
                    lines.Add("Service: " + incident.Service);
                    lines.Add("Status: " + incident.Status + (incident.IsResolved == true ? " (resolved)" : string.Empty));
                    lines.Add("Classification: " + incident.Classification);
                    ServiceMessagePost latest = incident.Messages.OrderBy(post => post.PublishedTime).LastOrDefault();
                    body = string.IsNullOrWhiteSpace(latest?.MessageText) ? incident.ImpactDescription : latest.MessageText;
                    break;
                case MessageCenterPost post:
                    lines.Add("Services: " + string.Join(", ", post.Services));
                    lines.Add("Category: " + post.Category);
                    lines.Add("Severity: " + post.Severity + (post.IsMajorChange == true ? " (major change)" : string.Empty));
                    if (post.ActionRequiredByDateTime != null)
                    {
                        lines.Add("Action required by: " + post.ActionRequiredByDateTime.Value.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    body = post.Body;
                    break;
                default:
                    body = message.Messages.LastOrDefault()?.MessageText;
                    break;
            }

            lines.Add(string.Empty);
            lines.Add(body ?? string.Empty);
            return string.Join("\n", lines).Replace("\r\n", "\n").TrimEnd('\n');
        }

        /// <summary>The admin center page of a message, where an admin reads it in full.</summary>
        public static Uri AdminCenterLink(ServiceMessage message) =>
            message is MessageCenterPost
                ? new Uri("https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/" + Uri.EscapeDataString(message.Id ?? string.Empty))
                : new Uri("https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/" + Uri.EscapeDataString(message.Id ?? string.Empty));

        /// <summary>The Atom id of an entry: an IRI, as Atom requires, ending in the message id.</summary>
        public static string EntryId(string messageId) => IdPrefix + "message:" + messageId;

        private static SyndicationFeed CreateFeed(IReadOnlyList<ServiceMessage> messages, FeedFormat format, string title, Uri link, DateTime generatedAtUtc)
        {
            var ordered = messages.OrderByDescending(message => message.LastModifiedDateTime.ToUniversalTime()).ThenBy(message => message.Id, StringComparer.Ordinal).ToList();
            string tenant = SingleTenant(messages);
            var feed = new SyndicationFeed
            {
                Title = new TextSyndicationContent(XmlSafeText.Clean(title)),
                Description = new TextSyndicationContent(XmlSafeText.Clean(Description(messages, tenant))),
                Generator = "O365ServiceComms " + typeof(ServiceFeed).Assembly.GetName().Version.ToString(3),
                Language = "en",
                // The newest update, not the time of the run: a feed whose messages did not change stays the same.
                LastUpdatedTime = ordered.Count == 0 ? new DateTimeOffset(generatedAtUtc, TimeSpan.Zero) : Utc(ordered[0].LastModifiedDateTime),
                Items = ordered.Select(message => CreateItem(message, format)).ToList(),
            };
            feed.Links.Add(SyndicationLink.CreateAlternateLink(link));
            if (format == FeedFormat.Atom)
            {
                feed.Id = FeedId(title, link, tenant);
                // Atom requires an author for the feed or every entry; these messages are Microsoft's.
                feed.Authors.Add(new SyndicationPerson { Name = "Microsoft" });
            }

            return feed;
        }

        private static SyndicationItem CreateItem(ServiceMessage message, FeedFormat format)
        {
            // Server text may hold characters XML forbids (U+0001, U+FFFE): one of them must not cost the whole feed.
            string text = XmlSafeText.Clean(ItemText(message));
            var item = new SyndicationItem
            {
                Title = new TextSyndicationContent(XmlSafeText.Clean(message.Title ?? message.Id)),
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(AdminCenterLink(message)));
            foreach (string service in ServicesOf(message))
            {
                item.Categories.Add(new SyndicationCategory(XmlSafeText.Clean(service)));
            }

            if (format == FeedFormat.Rss)
            {
                // guid isPermaLink="false"; pubDate is the last update, the date RSS readers sort and show.
                item.Id = XmlSafeText.Clean(message.Id);
                item.PublishDate = Utc(message.LastModifiedDateTime);
                // Readers render an RSS description as HTML, so the plain text is encoded: markup in Graph's text stays text.
                item.Summary = new TextSyndicationContent(
                    WebUtility.HtmlEncode(text).Replace("\n", "<br />\n"), TextSyndicationContentKind.Html);
            }
            else
            {
                item.Id = XmlSafeText.Clean(EntryId(message.Id));
                item.LastUpdatedTime = Utc(message.LastModifiedDateTime);
                item.PublishDate = Utc(message.StartDateTime);
                item.Content = new TextSyndicationContent(text, TextSyndicationContentKind.Plaintext);
            }

            return item;
        }

        private static IEnumerable<string> ServicesOf(ServiceMessage message)
        {
            switch (message)
            {
                case ServiceIncident incident when !string.IsNullOrEmpty(incident.Service):
                    return new[] { incident.Service };
                case MessageCenterPost post:
                    return post.Services.Where(service => !string.IsNullOrEmpty(service));
                default:
                    return Enumerable.Empty<string>();
            }
        }

        private static string DefaultTitle(IReadOnlyList<ServiceMessage> messages)
        {
            bool incidents = messages.Any(message => message is ServiceIncident);
            bool posts = messages.Any(message => message is MessageCenterPost);
            string what = incidents && !posts ? "Microsoft 365 service health"
                : posts && !incidents ? "Microsoft 365 Message Center"
                : "Microsoft 365 service health and Message Center";
            string tenant = SingleTenant(messages);
            return tenant == null ? what : what + " (" + tenant + ")";
        }

        /// <summary>What the feed holds, as a sentence: "1 service health issue and 3 Message Center posts of tenant ...".</summary>
        public static string Description(IReadOnlyList<ServiceMessage> messages, string tenant)
        {
            var kinds = new List<string>();
            AddCount(kinds, messages.Count(message => message is ServiceIncident), "service health issue", "service health issues");
            AddCount(kinds, messages.Count(message => message is MessageCenterPost), "Message Center post", "Message Center posts");
            string what = kinds.Count == 0 ? "No service health issues or Message Center posts" : string.Join(" and ", kinds);
            return what + (tenant == null ? string.Empty : " of tenant " + tenant) + ", from the Microsoft Graph service communications API.";
        }

        private static void AddCount(List<string> kinds, int count, string one, string many)
        {
            if (count > 0)
            {
                kinds.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many));
            }
        }

        private static string SingleTenant(IReadOnlyList<ServiceMessage> messages)
        {
            var tenants = messages.Select(message => message.TenantId).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return tenants.Count == 1 ? tenants[0] : null;
        }

        // A stable id for the same feed (same title, link and tenant) across runs, as a urn:uuid, which Atom readers know.
        private static string FeedId(string title, Uri link, string tenant)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(title + "\n" + link.AbsoluteUri + "\n" + (tenant ?? string.Empty).ToLowerInvariant()));
                byte[] bytes = new byte[16];
                Array.Copy(hash, bytes, 16);
                // Version 5 style (name-based) and RFC 4122 variant bits, so that it is a well-formed UUID.
                bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                string hex = string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
                return "urn:uuid:" + hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4) + "-" + hex.Substring(20, 12);
            }
        }

        private static DateTimeOffset Utc(DateTime time)
        {
            DateTime utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }
    }
}
