using System;
using System.Linq;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>The typed queries of the two lists: the $filter text, the -StatePath key, and copies with another -Since.</summary>
    public class AnnouncementQueryTests
    {
        private static readonly DateTime Since = new DateTime(2021, 11, 16, 9, 12, 37, DateTimeKind.Utc);

        [Fact]
        public void AnUnfilteredListIsTheCollectionAlone()
        {
            Assert.Equal("issues", new IssueQuery().RelativeUri);
            Assert.Equal("messages", new MessageQuery().RelativeUri);
            Assert.Equal("issues", new IssueQuery().StateKey);
        }

        [Fact]
        public void IssueFiltersComeInGraphsSpellingAndOrder()
        {
            var query = new IssueQuery
            {
                Services = new[] { "Exchange Online", "O'Brien's service" },
                ActiveOnly = true,
                Since = Since,
                Classifications = new[] { "Advisory" },
                Statuses = new[] { " ServiceDegradation ", "SERVICERESTORED" },
            };

            Assert.Equal(
                "(service eq 'Exchange Online' or service eq 'O''Brien''s service') and isResolved eq false"
                + " and lastModifiedDateTime ge 2021-11-16T09:12:37Z and classification eq 'advisory'"
                + " and (status eq 'serviceDegradation' or status eq 'serviceRestored')",
                query.Filter(query.Since));
            Assert.Equal("issues?$filter=" + Uri.EscapeDataString(query.Filter(query.Since)), query.RelativeUri);
        }

        [Fact]
        public void MessageFiltersMatchAnyOfThePostsServices()
        {
            var query = new MessageQuery { Services = new[] { "Microsoft Teams" }, Severities = new[] { "High" }, Categories = new[] { "planForChange" } };

            Assert.Equal(
                "services/any(s:s eq 'Microsoft Teams') and severity eq 'high' and category eq 'planForChange'",
                query.Filter(since: null));
        }

        [Fact]
        public void TheStateKeyLeavesSinceOutAndKeepsTheFilters()
        {
            var query = new IssueQuery { ActiveOnly = true, Since = Since };

            Assert.Equal("issues isResolved eq false", query.StateKey);
            Assert.Equal(query.StateKey, query.WithSince(Since.AddDays(3)).StateKey);
        }

        [Fact]
        public void WithSinceCopiesAndLeavesTheQueryAsItWas()
        {
            var query = new MessageQuery { Severities = new[] { "critical" }, Since = Since };

            var later = (MessageQuery)query.WithSince(Since.AddHours(1));

            Assert.Equal(Since, query.Since);
            Assert.Equal(Since.AddHours(1), later.Since);
            Assert.Same(query.Severities, later.Severities);
            Assert.Contains("lastModifiedDateTime ge 2021-11-16T10:12:37Z", Uri.UnescapeDataString(later.RelativeUri));
        }

        [Fact]
        public void ViewPointChangesAreGraphsActionNames()
        {
            Assert.Equal(
                new[] { "markRead", "markUnread", "archive", "unarchive", "favorite", "unfavorite" },
                ((ViewPointChange[])Enum.GetValues(typeof(ViewPointChange))).Select(ServiceAnnouncements.ActionName));
        }
    }
}
