using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace O365ServiceComms.Publishing
{
    /// <summary>What the service health page shows.</summary>
    internal sealed class HealthReport
    {
        public string Title { get; set; }

        public string TenantId { get; set; }

        public DateTime GeneratedAtUtc { get; set; }

        /// <summary>Every service, with its active incidents as read with the status.</summary>
        public IReadOnlyList<ServiceStatus> Services { get; set; } = Array.Empty<ServiceStatus>();

        /// <summary>Message Center posts updated within <see cref="Days"/>.</summary>
        public IReadOnlyList<MessageCenterPost> Posts { get; set; } = Array.Empty<MessageCenterPost>();

        public int Days { get; set; }

        /// <summary>Why the Message Center posts could not be read, if they could not.</summary>
        public string MessageCenterProblem { get; set; }
    }

    /// <summary>
    /// The service health page: one self-contained HTML file (style sheet inline; no script, font, image or other file
    /// from anywhere) that an intranet can host as it is. Every value from Graph is HTML-encoded, and the page's
    /// Content-Security-Policy forbids scripts as a second line of defence.
    /// </summary>
    internal static class HealthReportPage
    {
        public const string DefaultTitle = "Microsoft 365 service health";

        // The Message Center table's headings; on a narrow screen each row is a card whose cells carry them as labels.
        private static readonly string[] PostColumns = { "Id", "Title", "Services", "Severity", "Category", "Action required by", "Last update" };

        private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        private static readonly Regex s_plainId = new Regex("^[A-Za-z0-9]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex s_wordStart = new Regex("(?<=[a-z])(?=[A-Z])", RegexOptions.CultureInvariant);

        public static string Render(HealthReport report)
        {
            var services = report.Services
                .OrderBy(service => StatusRank(StatusClass(service.Status)))
                .ThenBy(service => service.Service ?? service.Id, StringComparer.OrdinalIgnoreCase)
                .ToList();
            var incidents = report.Services
                .SelectMany(service => service.ActiveIncidents)
                .GroupBy(incident => incident.Id, StringComparer.OrdinalIgnoreCase)
                .Select(group => group.First())
                .OrderByDescending(incident => incident.LastModifiedDateTime.ToUniversalTime())
                .ToList();
            var posts = report.Posts
                .OrderByDescending(post => post.LastModifiedDateTime.ToUniversalTime())
                .ThenBy(post => post.Id, StringComparer.Ordinal)
                .ToList();
            string title = string.IsNullOrWhiteSpace(report.Title) ? DefaultTitle : report.Title;

            var html = new HtmlBuilder();
            html.Trusted("<!DOCTYPE html>\n").Open("html", "lang", "en").Line();
            html.Open("head").Line();
            html.Void("meta", "charset", "utf-8").Line();
            html.Void("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").Line();
            html.Void("meta", "http-equiv", "Content-Security-Policy", "content", ContentSecurityPolicy).Line();
            html.Void("meta", "name", "generator", "content", "O365ServiceComms " + typeof(HealthReportPage).Assembly.GetName().Version.ToString(3)).Line();
            html.Element("title", title + (string.IsNullOrEmpty(report.TenantId) ? string.Empty : " - " + report.TenantId)).Line();
            html.Open("style").Trusted(StyleSheet).Close().Line();
            html.Close().Line();

            html.Open("body").Line();
            WriteHeader(html, report, title, services, incidents, posts);
            html.Open("main").Line();
            // On a wide screen the service cards are a short overview above the incidents; on a phone the style sheet
            // puts the incidents first, since a column of cards would push them far down.
            WriteServices(html, services);
            WriteIncidents(html, incidents);
            WritePosts(html, report, posts);
            html.Close().Line();
            html.Open("footer").Text("Made with O365ServiceComms from the Microsoft Graph service communications API. Times are UTC. ");
            html.Text("The Microsoft 365 admin center has the full history: ");
            html.Element("a", "admin.microsoft.com", "href", ServiceFeed.DefaultLink.AbsoluteUri).Text(".");
            html.Close().Line();
            html.Close().Line();
            html.Close().Line();
            return html.ToString();
        }

        /// <summary>ok, warn, down or unknown: the colour of a service or incident status.</summary>
        public static string StatusClass(string status)
        {
            switch (status ?? string.Empty)
            {
                case "ServiceOperational":
                case "ServiceRestored":
                case "FalsePositive":
                case "Resolved":
                case "ResolvedExternal":
                case "Mitigated":
                case "MitigatedExternal":
                case "PostIncidentReviewPublished":
                    return "ok";
                case "ServiceInterruption":
                    return "down";
                case "ServiceDegradation":
                case "Investigating":
                case "RestoringService":
                case "VerifyingService":
                case "ExtendedRecovery":
                case "InvestigationSuspended":
                case "Confirmed":
                case "Reported":
                    return "warn";
                default:
                    return "unknown";
            }
        }

        /// <summary>ServiceDegradation as "Service degradation", for readers who are not admins.</summary>
        public static string StatusText(string status)
        {
            if (string.IsNullOrEmpty(status))
            {
                return "Unknown";
            }

            string[] words = s_wordStart.Split(status);
            string text = string.Join(" ", words.Select((word, index) => index == 0 ? word : word.ToLowerInvariant()));
            return char.ToUpperInvariant(text[0]) + text.Substring(1);
        }

        private static void WriteHeader(HtmlBuilder html, HealthReport report, string title, List<ServiceStatus> services, List<ServiceIncident> incidents, List<MessageCenterPost> posts)
        {
            int troubled = services.Count(service => StatusClass(service.Status) != "ok");
            html.Open("header").Line();
            html.Element("h1", title).Line();
            html.Open("p", "class", "meta");
            if (!string.IsNullOrEmpty(report.TenantId))
            {
                html.Text("Tenant ").Element("strong", report.TenantId).Text(" · ");
            }

            html.Text("updated ");
            WriteTime(html, report.GeneratedAtUtc);
            html.Close().Line();
            html.Open("ul", "class", "summary").Line();
            html.Element("li", troubled == 0
                ? string.Format(CultureInfo.InvariantCulture, "All {0} services are healthy", services.Count)
                : string.Format(CultureInfo.InvariantCulture, "{0} of {1} services have problems", troubled, services.Count),
                "class", troubled == 0 ? "ok" : "warn").Line();
            html.Element("li", Count(incidents.Count, "active incident", "active incidents")).Line();
            html.Element("li", Count(posts.Count, "Message Center post", "Message Center posts") + " in the last " + Count(report.Days, "day", "days")).Line();
            html.Close().Line();
            html.Close().Line();
        }

        private static void WriteServices(HtmlBuilder html, List<ServiceStatus> services)
        {
            html.Open("section", "id", "services").Line();
            html.Element("h2", "Services").Line();
            html.Open("ul", "class", "services").Line();
            foreach (ServiceStatus service in services)
            {
                string status = StatusClass(service.Status);
                html.Open("li", "class", "service st-" + status);
                html.Element("span", service.Service ?? service.Id, "class", "name");
                html.Element("span", service.Id, "class", "sid");
                html.Element("span", StatusText(service.Status), "class", "badge", "title", service.Status);
                if (service.IncidentIds != null && service.IncidentIds.Count > 0)
                {
                    html.Open("span", "class", "refs");
                    foreach (string id in service.IncidentIds)
                    {
                        html.Element("a", id, "href", Anchor(id));
                    }

                    html.Close();
                }

                html.Close().Line();
            }

            html.Close().Line();
            html.Close().Line();
        }

        private static void WriteIncidents(HtmlBuilder html, List<ServiceIncident> incidents)
        {
            html.Open("section", "id", "incidents").Line();
            html.Element("h2", "Active incidents").Line();
            if (incidents.Count == 0)
            {
                html.Element("p", "No active incidents.", "class", "empty").Line();
            }

            foreach (ServiceIncident incident in incidents)
            {
                string anchor = Anchor(incident.Id);
                html.Open("article", "class", "incident st-" + StatusClass(incident.Status), "id", anchor?.Substring(1)).Line();
                html.Open("h3").Element("span", incident.Id, "class", "mid").Text(" ").Text(incident.Title).Close().Line();
                html.Open("dl", "class", "facts").Line();
                Fact(html, "Service", incident.Service);
                Fact(html, "Status", StatusText(incident.Status));
                Fact(html, "Classification", incident.Classification);
                Fact(html, "Feature", string.IsNullOrEmpty(incident.FeatureGroup) ? incident.Feature : incident.FeatureGroup + " / " + incident.Feature);
                html.Open("dt").Text("Started").Close().Open("dd");
                WriteTime(html, incident.StartDateTime);
                html.Close().Open("dt").Text("Last update").Close().Open("dd");
                WriteTime(html, incident.LastModifiedDateTime);
                html.Close().Line();
                html.Close().Line();
                if (!string.IsNullOrWhiteSpace(incident.ImpactDescription))
                {
                    html.Element("p", incident.ImpactDescription, "class", "impact").Line();
                }

                ServiceMessagePost latest = incident.Messages.OrderBy(post => post.PublishedTime).LastOrDefault();
                if (latest != null)
                {
                    html.Open("div", "class", "post");
                    html.Open("h4").Text("Latest update, ");
                    WriteTime(html, latest.PublishedTime);
                    html.Close();
                    html.Element("p", latest.MessageText, "class", "text");
                    html.Close().Line();
                }

                html.Close().Line();
            }

            html.Close().Line();
        }

        private static void WritePosts(HtmlBuilder html, HealthReport report, List<MessageCenterPost> posts)
        {
            html.Open("section", "id", "message-center").Line();
            html.Element("h2", "Message Center: posts updated in the last " + Count(report.Days, "day", "days")).Line();
            if (report.MessageCenterProblem != null)
            {
                html.Element("p", "The Message Center posts could not be read: " + report.MessageCenterProblem, "class", "problem").Line();
            }
            else if (posts.Count == 0)
            {
                html.Element("p", "No Message Center posts were updated in this time.", "class", "empty").Line();
            }
            else
            {
                html.Open("table", "class", "posts").Line();
                html.Open("thead").Open("tr");
                foreach (string heading in PostColumns)
                {
                    html.Element("th", heading, "scope", "col");
                }

                html.Close().Close().Line();
                html.Open("tbody").Line();
                DateTime now = report.GeneratedAtUtc;
                foreach (MessageCenterPost post in posts)
                {
                    html.Open("tr", "class", post.Severity == "High" || post.Severity == "Critical" ? "sev-high" : null);
                    html.Element("td", post.Id, "class", "mid", "data-label", PostColumns[0]);
                    html.Open("td", "class", "title", "data-label", PostColumns[1]).Open("details").Element("summary", post.Title);
                    html.Element("p", post.Body, "class", "text").Close();
                    html.Close();
                    html.Element("td", string.Join(", ", post.Services), "data-label", PostColumns[2]);
                    html.Element("td", post.Severity + (post.IsMajorChange == true ? ", major change" : string.Empty), "data-label", PostColumns[3]);
                    html.Element("td", StatusText(post.Category), "data-label", PostColumns[4]);
                    WriteActionRequired(html, post.ActionRequiredByDateTime, now);
                    html.Open("td", "data-label", PostColumns[6]);
                    WriteTime(html, post.LastModifiedDateTime);
                    html.Close();
                    html.Close().Line();
                }

                html.Close().Line();
                html.Close().Line();
            }

            html.Close().Line();
        }

        private static void WriteActionRequired(HtmlBuilder html, DateTime? actionRequiredBy, DateTime nowUtc)
        {
            if (actionRequiredBy == null)
            {
                html.Element("td", string.Empty, "data-label", PostColumns[5]);
                return;
            }

            DateTime due = actionRequiredBy.Value.ToUniversalTime();
            string state = due < nowUtc ? "due-past" : due < nowUtc.AddDays(14) ? "due-soon" : "due-later";
            html.Open("td", "class", state, "data-label", PostColumns[5]);
            html.Element("time", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "datetime", due.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            html.Close();
        }

        private static void Fact(HtmlBuilder html, string name, string value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                html.Element("dt", name).Element("dd", value);
            }
        }

        private static void WriteTime(HtmlBuilder html, DateTime time)
        {
            DateTime utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
            html.Element("time", utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                "datetime", utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        // Fragment links only for ids that are plain letters and digits, as Graph's are.
        private static string Anchor(string id) => id != null && s_plainId.IsMatch(id) ? "#incident-" + id : null;

        private static int StatusRank(string statusClass) =>
            statusClass == "down" ? 0 : statusClass == "warn" ? 1 : statusClass == "unknown" ? 2 : 3;

        private static string Count(int count, string one, string many) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        private const string StyleSheet = @"
:root { color-scheme: light; --ok: #107c10; --ok-bg: #dff6dd; --warn: #8a5300; --warn-bg: #fff4ce; --down: #a4262c; --down-bg: #fde7e9;
  --unknown: #605e5c; --unknown-bg: #f3f2f1; --line: #e1dfdd; --text: #201f1e; --muted: #605e5c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: var(--text); background: #faf9f8;
  overflow-wrap: anywhere; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 17px; margin: 0 0 8px; }
h4 { font-size: 14px; margin: 12px 0 4px; color: var(--muted); font-weight: 600; }
.meta { color: var(--muted); margin: 0 0 12px; }
.summary { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px; }
.summary li { background: #fff; border: 1px solid var(--line); border-radius: 16px; padding: 4px 12px; }
.summary li.ok { border-color: var(--ok); color: var(--ok); }
.summary li.warn { border-color: var(--warn); color: var(--warn); }
.services { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(260px, 100%), 1fr)); gap: 8px; }
/* A long service id moves the badge to a line of its own rather than breaking inside the id. */
.service { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--unknown); border-radius: 4px; padding: 8px 10px;
  display: flex; flex-wrap: wrap; align-items: baseline; align-content: flex-start; gap: 4px 8px; }
.service .name { font-weight: 600; flex: 1 0 100%; }
.service .sid { color: var(--muted); font-size: 12px; min-width: 0; }
.service .badge { margin-left: auto; }
.service .refs { flex: 1 0 100%; font-size: 13px; display: flex; flex-wrap: wrap; gap: 8px; }
.badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: var(--unknown-bg); color: var(--unknown); white-space: nowrap; }
.incident { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--unknown); border-radius: 4px; padding: 12px 16px; margin: 0 0 12px; }
.st-ok { border-left-color: var(--ok); } .st-ok .badge { background: var(--ok-bg); color: var(--ok); }
.st-warn { border-left-color: var(--warn); } .st-warn .badge { background: var(--warn-bg); color: var(--warn); }
.st-down { border-left-color: var(--down); } .st-down .badge { background: var(--down-bg); color: var(--down); }
.mid { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; color: var(--muted); font-weight: 400; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; margin: 0; font-size: 14px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
.impact { margin: 8px 0 0; font-style: italic; }
.text { white-space: pre-line; overflow-wrap: anywhere; margin: 0; }
.post { border-top: 1px solid var(--line); margin-top: 10px; }
.posts { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); font-size: 14px; }
.posts th, .posts td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
.posts th { background: #f3f2f1; }
.posts summary { cursor: pointer; }
.posts time { white-space: nowrap; }
.posts details .text { margin-top: 6px; color: var(--muted); }
.sev-high td:first-child { box-shadow: inset 4px 0 0 var(--down); }
.due-past { color: var(--down); font-weight: 600; } .due-soon { color: var(--warn); font-weight: 600; }
.empty, .problem { color: var(--muted); } .problem { color: var(--down); }
footer { color: var(--muted); font-size: 13px; padding-top: 24px; padding-bottom: 24px; }
a { color: #0f6cbd; }
@media (min-width: 721px) {
  /* Short columns break only between words, and the title column takes the room, however long a word it holds. */
  .posts th, .posts td { overflow-wrap: normal; }
  .posts td.title { width: 40%; overflow-wrap: anywhere; }
}
@media (max-width: 720px) {
  header, main, footer { padding-left: 12px; padding-right: 12px; }
  main { display: flex; flex-direction: column; }
  #incidents { order: -1; }
  h1 { font-size: 24px; }
  .incident { padding: 10px 12px; }
  /* Each Message Center post is a card: its cells stacked, labelled with the column headings. */
  .posts, .posts tbody, .posts tr, .posts td { display: block; }
  .posts { border: 0; background: none; }
  .posts thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .posts tr { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; margin: 0 0 8px; }
  .posts td { border: 0; padding: 2px 0; display: grid; grid-template-columns: 9.5em minmax(0, 1fr); gap: 8px; }
  .posts td::before { content: attr(data-label); color: var(--muted); font-weight: 400; }
  .posts td:empty { display: none; }
  .posts td.mid, .posts td.title { display: block; }
  .posts td.mid::before, .posts td.title::before { content: none; }
  .posts td.title summary { font-weight: 600; }
  .sev-high { border-left: 4px solid var(--down); } .sev-high td:first-child { box-shadow: none; }
}
";
    }
}
