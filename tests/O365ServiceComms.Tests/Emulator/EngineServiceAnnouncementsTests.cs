using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests.Emulator
{
    /// <summary>
    /// The typed engine API against the emulator: what each operation reads, and the kind and permission its failures
    /// carry (the meaning the engine gives an HTTP status for the operation).
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class EngineServiceAnnouncementsTests
    {
        private readonly EmulatorFixture _emulator;
        private readonly ServiceAnnouncements _service;

        public EngineServiceAnnouncementsTests(EmulatorFixture emulator)
        {
            _emulator = emulator;
            _emulator.Reset();
            _service = new ServiceAnnouncements(emulator.ConnectWithSecret());
        }

        private static CancellationToken None => CancellationToken.None;

        [Fact]
        public void ReadsTheStatusWithItsIssuesInOneRequest()
        {
            List<GraphServiceHealth> services = _service.ReadStatus(withIssues: true, None, out ServiceCatalog catalog);

            Assert.Equal(27, services.Count);
            Assert.Contains(services.Single(s => s.Id == "Lync").Issues, issue => issue.Id == "LY197383");
            Assert.Equal("Exchange Online", catalog.NameOf("Exchange"));
            Assert.Single(_emulator.Requests(), r => ((string)r["path"]).EndsWith("/healthOverviews", StringComparison.Ordinal));
        }

        [Fact]
        public void ListsOnlyWhatTheQueryAsksFor()
        {
            List<GraphIssue> active = _service.ListIssues(new IssueQuery { ActiveOnly = true }, None).ToList();
            List<GraphIssue> all = _service.ListIssues(new IssueQuery(), None).ToList();
            List<GraphMessage> high = _service.ListMessages(new MessageQuery { Severities = new[] { "High" } }, None).ToList();

            Assert.NotEmpty(active);
            Assert.True(active.Count < all.Count);
            Assert.All(active, issue => Assert.Equal(false, issue.IsResolved));
            Assert.NotEmpty(high);
            Assert.All(high, message => Assert.Equal("high", message.Severity));
        }

        [Fact]
        public void ReadsOneItemAndHasNoneForAnUnknownId()
        {
            Assert.Equal("LY197383", _service.GetIssue("LY197383", None).Id);
            Assert.Equal("MC172851", _service.GetMessage("MC172851", None).Id);
            Assert.Null(_service.GetIssue("EX000001", None));
            Assert.Null(_service.GetMessage("MC000001", None));
        }

        [Fact]
        public void GivesA404OfEachOperationItsMeaning()
        {
            GraphRequestException report = Assert.Throws<GraphRequestException>(() => _service.DownloadIncidentReport("EX000001", None));
            Assert.Equal(ServiceCommsErrorKind.NotFound, report.Kind);
            Assert.Equal(ServiceAnnouncements.HealthPermission, report.Permission);

            GraphRequestException post = Assert.Throws<GraphRequestException>(() => _service.ListAttachments("MC000001", None).ToList());
            Assert.Equal(ServiceCommsErrorKind.NotFound, post.Kind);
            Assert.Equal(ServiceAnnouncements.MessagePermission, post.Permission);

            GraphRequestException attachment = Assert.Throws<GraphRequestException>(() => _service.DownloadAttachment("MC151200", "no-such-attachment", None));
            Assert.Equal(ServiceCommsErrorKind.AttachmentNotFound, attachment.Kind);
            Assert.NotNull(attachment.RequestId);
        }

        [Fact]
        public void DownloadsAnIncidentReportAndAnAttachment()
        {
            using (GraphDownload report = _service.DownloadIncidentReport("EX231055", None))
            using (var copy = new MemoryStream())
            {
                report.CopyTo(copy, None);
                Assert.StartsWith("%PDF-1.4", System.Text.Encoding.ASCII.GetString(copy.ToArray(), 0, 8), StringComparison.Ordinal);
            }

            GraphAttachment first = _service.ListAttachments("MC151200", None).First();
            using (GraphDownload content = _service.DownloadAttachment("MC151200", first.Id, None))
            using (var copy = new MemoryStream())
            {
                content.CopyTo(copy, None);
                Assert.True(copy.Length > 0);
            }
        }

        [Fact]
        public void AViewPointChangeRefusedToAnAppNeedsADelegatedSignIn()
        {
            GraphRequestException refused = Assert.Throws<GraphRequestException>(
                () => _service.SetViewPoint(ViewPointChange.MarkRead, new[] { "MC172851" }, None));

            Assert.Equal(ServiceCommsErrorKind.DelegatedSignInRequired, refused.Kind);
            Assert.Equal(ServiceAnnouncements.ViewPointPermission, refused.Permission);
            Assert.Single(_emulator.Requests(), r => ((string)r["path"]).EndsWith("/messages/markRead", StringComparison.Ordinal));
        }

        [Fact]
        public void NamesThePermissionEachListNeeds()
        {
            var service = new ServiceAnnouncements(_emulator.ConnectWithSecret(clientId: "0f9a7c21-8d44-4b7e-a1c2-3e9d5b6f7a80", secret: "NoConsent~Secret~42"));

            GraphRequestException issues = Assert.Throws<GraphRequestException>(() => service.ListIssues(new IssueQuery(), None).ToList());
            GraphRequestException messages = Assert.Throws<GraphRequestException>(() => service.ListMessages(new MessageQuery(), None).ToList());
            GraphRequestException status = Assert.Throws<GraphRequestException>(() => service.ReadStatus(withIssues: false, None, out _));

            Assert.Equal(ServiceCommsErrorKind.PermissionMissing, issues.Kind);
            Assert.Equal(ServiceAnnouncements.HealthPermission, issues.Permission);
            Assert.Equal(ServiceAnnouncements.MessagePermission, messages.Permission);
            Assert.Equal(ServiceAnnouncements.HealthPermission, status.Permission);
        }
    }
}
