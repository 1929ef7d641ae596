using System;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Graph;
using O365ServiceComms.State;
using Xunit;

namespace O365ServiceComms.Tests
{
    public sealed class StateTests : IDisposable
    {
        private static readonly DateTime T0 = new DateTime(2021, 11, 16, 9, 12, 37, 410, DateTimeKind.Utc);
        private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "o365sc-state-" + Guid.NewGuid().ToString("N"))).FullName;

        private string StatePath => Path.Combine(_folder, "state.json");

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void TimeFilterIsWholeSecondsInUtc()
        {
            Assert.Equal("lastModifiedDateTime ge 2021-11-16T09:12:37Z", TimeFilter.LastModifiedSince(T0));
            Assert.Equal("lastModifiedDateTime ge 2021-11-16T09:12:37Z", TimeFilter.LastModifiedSince(T0.ToLocalTime()));
            Assert.Equal("issues?$filter=lastModifiedDateTime%20ge%202021-11-16T09%3A12%3A37Z", TimeFilter.Apply("issues", TimeFilter.LastModifiedSince(T0)));
            Assert.Equal("issues", TimeFilter.Apply("issues", null));
        }

        [Fact]
        public void FirstRunReadsEverythingAndReturnsEverything()
        {
            MessageStateFile state = MessageStateFile.Load(StatePath, "Contoso.onmicrosoft.com");
            Assert.True(state.IsFirstRun);
            CollectionState issues = state.Collection("issues");
            Assert.Null(issues.Since);
            Assert.True(issues.IsNewOrChanged("EX1", T0));
            Assert.True(issues.IsNewOrChanged("EX2", T0.AddDays(-1)));
            Assert.False(issues.IsNewOrChanged("EX1", T0), "an item paging handed over twice is returned once");
            issues.Complete();
            Assert.True(state.Save());

            // Only what the next filter can bring back is kept: EX2 is more than the overlap older than the newest item.
            JObject saved = JObject.Parse(File.ReadAllText(StatePath));
            Assert.Equal(2, (int)saved["version"]);
            JObject items = (JObject)saved["tenants"]["contoso.onmicrosoft.com"]["issues"]["items"];
            Assert.Equal(new[] { "EX1" }, items.Properties().Select(p => p.Name));
        }

        [Fact]
        public void SecondRunFiltersWithOverlapAndReturnsOnlyNewOrChanged()
        {
            MessageStateFile first = MessageStateFile.Load(StatePath, "contoso.onmicrosoft.com");
            CollectionState firstIssues = first.Collection("issues");
            firstIssues.IsNewOrChanged("EX1", T0);
            firstIssues.IsNewOrChanged("EX2", T0.AddMinutes(-30));
            firstIssues.Complete();
            first.Save();

            MessageStateFile second = MessageStateFile.Load(StatePath, "CONTOSO.onmicrosoft.com");
            Assert.False(second.IsFirstRun);
            CollectionState issues = second.Collection("issues");
            Assert.Equal(T0 - MessageStateFile.Overlap, issues.Since);
            Assert.Equal("lastModifiedDateTime ge 2021-11-16T08:12:37Z", TimeFilter.LastModifiedSince(issues.Since.Value));
            Assert.False(issues.IsNewOrChanged("EX1", T0.ToLocalTime()), "same last update, whatever the time zone");
            Assert.True(issues.IsNewOrChanged("EX2", T0.AddMinutes(5)), "changed");
            Assert.True(issues.IsNewOrChanged("EX3", T0.AddMinutes(-50)), "new, though older than the newest known");

            // Messages were never read for this tenant: read them all.
            Assert.Null(second.Collection("messages").Since);
        }

        [Fact]
        public void NothingIsSavedForAListThatWasNotReadToItsEnd()
        {
            MessageStateFile first = MessageStateFile.Load(StatePath, "t");
            CollectionState issues = first.Collection("issues");
            issues.IsNewOrChanged("EX1", T0);
            issues.Complete();
            first.Save();
            string before = File.ReadAllText(StatePath);

            MessageStateFile second = MessageStateFile.Load(StatePath, "t");
            CollectionState failed = second.Collection("issues");
            Assert.True(failed.IsNewOrChanged("EX9", T0.AddHours(1)));
            // No Complete(): the read failed part way.
            Assert.False(second.Save());
            Assert.Equal(before, File.ReadAllText(StatePath));
        }

        [Fact]
        public void TenantsAreKeptApart()
        {
            MessageStateFile a = MessageStateFile.Load(StatePath, "a.onmicrosoft.com");
            CollectionState aIssues = a.Collection("issues");
            aIssues.IsNewOrChanged("EX1", T0);
            aIssues.Complete();
            a.Save();

            MessageStateFile b = MessageStateFile.Load(StatePath, "b.onmicrosoft.com");
            Assert.True(b.IsFirstRun);
            CollectionState bIssues = b.Collection("issues");
            Assert.Null(bIssues.Since);
            bIssues.IsNewOrChanged("EX1", T0);
            bIssues.Complete();
            b.Save();

            JObject saved = JObject.Parse(File.ReadAllText(StatePath));
            Assert.Equal(new[] { "a.onmicrosoft.com", "b.onmicrosoft.com" }, ((JObject)saved["tenants"]).Properties().Select(p => p.Name));
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("{\"version\": 3, \"tenants\": {}}")]
        [InlineData("[1, 2, 3]")]
        [InlineData("{\"some\": \"other json\"}")]
        [InlineData("{\"tenants\": {\"t\": {\"issues\": {\"EX1\": \"yesterday\"}}}, \"version\": 1}")]
        [InlineData("{\"tenants\": {\"t\": {\"issues\": {\"readAt\": 5, \"items\": {}}}}, \"version\": 2}")]
        [InlineData("{\"tenants\": {\"t\": [\"issues\"]}, \"version\": 2}")]
        public void AFileThatCannotBeTrustedIsReportedKeptAsideAndRebuilt(string content)
        {
            File.WriteAllText(StatePath, content);
            MessageStateFile state = MessageStateFile.Load(StatePath, "t");
            Assert.NotNull(state.UntrustedReason);
            Assert.True(state.IsFirstRun, "an untrusted file is a first run: every item is returned");
            Assert.Equal(content, File.ReadAllText(StatePath));

            CollectionState issues = state.Collection("issues");
            Assert.Null(issues.Since);
            Assert.True(issues.IsNewOrChanged("EX1", T0));
            issues.Complete();
            Assert.True(state.Save());

            Assert.Equal(content, File.ReadAllText(StatePath + MessageStateFile.UntrustedSuffix));
            MessageStateFile rebuilt = MessageStateFile.Load(StatePath, "t");
            Assert.Null(rebuilt.UntrustedReason);
            Assert.False(rebuilt.Collection("issues").IsNewOrChanged("EX1", T0));
        }

        [Fact]
        public void AStateFileNestedDeeplyIsUntrustedNotAStackOverflow()
        {
            string nested = string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000);
            File.WriteAllText(StatePath, nested);
            MessageStateFile state = MessageStateFile.Load(StatePath, "t");
            Assert.NotNull(state.UntrustedReason);
        }

        [Fact]
        public void AnItemDatedInTheFarFutureDoesNotBlindLaterRuns()
        {
            DateTime before = DateTime.UtcNow;
            MessageStateFile first = MessageStateFile.Load(StatePath, "t");
            CollectionState messages = first.Collection("messages");
            Assert.True(messages.IsNewOrChanged("MC1", T0));
            Assert.True(messages.IsNewOrChanged("MC9999", new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)));
            messages.Complete();
            first.Save();
            DateTime after = DateTime.UtcNow;

            MessageStateFile second = MessageStateFile.Load(StatePath, "t");
            CollectionState again = second.Collection("messages");
            // The clock stopped at the start of the first read, not at 9999-12-31.
            Assert.InRange(again.Since.Value, before - MessageStateFile.Overlap, after - MessageStateFile.Overlap);
            Assert.False(again.IsNewOrChanged("MC9999", new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)), "the poisoned item is not returned again");
            Assert.True(again.IsNewOrChanged("MC2", after.AddMinutes(1)), "an item changed after the first run is returned");
            again.Complete();
            second.Save();

            // The clock never moves past the start of a read, run after run.
            Assert.True(MessageStateFile.Load(StatePath, "t").Collection("messages").Since.Value <= DateTime.UtcNow - MessageStateFile.Overlap);
        }

        [Fact]
        public void ARunThatChangedNothingWritesNothing()
        {
            MessageStateFile first = MessageStateFile.Load(StatePath, "t");
            CollectionState issues = first.Collection("issues");
            issues.IsNewOrChanged("EX1", T0);
            issues.Complete();
            Assert.True(first.Save());
            Assert.DoesNotContain("readAt", File.ReadAllText(StatePath));

            MessageStateFile second = MessageStateFile.Load(StatePath, "t");
            CollectionState again = second.Collection("issues");
            Assert.False(again.IsNewOrChanged("EX1", T0));
            again.Complete();
            Assert.False(second.Save(), "the same state gives the same bytes: the file is not rewritten");
        }

        [Fact]
        public void AVersion1FileIsReadWithItsLastWriteAsTheClockAndSavedAsVersion2()
        {
            File.WriteAllText(StatePath, "{\"version\":1,\"tenants\":{\"t\":{\"messages\":{\"MC1\":\"2021-11-16T09:12:37.41Z\",\"MC9999\":\"9999-12-31T00:00:00Z\"}}}}");
            DateTime written = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(StatePath, written);

            MessageStateFile state = MessageStateFile.Load(StatePath, "t");
            Assert.Null(state.UntrustedReason);
            CollectionState messages = state.Collection("messages");
            Assert.Equal(written - MessageStateFile.Overlap, messages.Since);
            Assert.False(messages.IsNewOrChanged("MC1", new DateTime(2021, 11, 16, 9, 12, 37, 410, DateTimeKind.Utc)));
            messages.Complete();
            Assert.True(state.Save());
            Assert.Equal(2, (int)JObject.Parse(File.ReadAllText(StatePath))["version"]);
        }

        [Fact]
        public void ItemsWithoutIdOrDateAreReturnedAndHandled()
        {
            MessageStateFile first = MessageStateFile.Load(StatePath, "t");
            CollectionState issues = first.Collection("issues");
            Assert.True(issues.IsNewOrChanged(null, T0));
            Assert.True(issues.IsNewOrChanged(null, T0), "an item without an id cannot be recognised: it is always returned");
            Assert.True(issues.IsNewOrChanged("NODATE", null));
            Assert.True(issues.IsNewOrChanged("MIN", DateTime.MinValue));
            Assert.True(issues.IsNewOrChanged("EX1", T0));
            issues.Complete();
            Assert.True(first.Save());

            MessageStateFile second = MessageStateFile.Load(StatePath, "t");
            CollectionState again = second.Collection("issues");
            Assert.Equal(T0 - MessageStateFile.Overlap, again.Since);
            Assert.False(again.IsNewOrChanged("EX1", T0));
            again.Complete();
            second.Save();
        }

        [Fact]
        public void OnlyItemsWithoutDatesGiveAClockAtTheStartOfTimeWithoutFailing()
        {
            MessageStateFile first = MessageStateFile.Load(StatePath, "t");
            CollectionState issues = first.Collection("issues");
            Assert.True(issues.IsNewOrChanged("MIN", DateTime.MinValue));
            issues.Complete();
            first.Save();

            CollectionState again = MessageStateFile.Load(StatePath, "t").Collection("issues");
            Assert.Equal(DateTime.MinValue, again.Since);
            Assert.False(again.IsNewOrChanged("MIN", DateTime.MinValue));
        }

        [Fact]
        public void AnEmptyFileIsAFirstRun()
        {
            File.WriteAllText(StatePath, "  \n");
            MessageStateFile state = MessageStateFile.Load(StatePath, "t");
            Assert.True(state.IsFirstRun);
            state.Collection("issues").Complete();
            Assert.True(state.Save());
            Assert.Contains("\"version\": 2", File.ReadAllText(StatePath));
        }

        [Fact]
        public void AFolderIsNotAStateFile()
        {
            var exception = Assert.Throws<StateFileException>(() => MessageStateFile.Load(_folder, "t"));
            Assert.Equal(ServiceCommsErrorKind.StateFileReadFailed, exception.Kind);
        }

        [Fact]
        public void SavingIntoAMissingFolderFailsWithoutLeftovers()
        {
            string path = Path.Combine(_folder, "missing", "state.json");
            MessageStateFile state = MessageStateFile.Load(path, "t");
            CollectionState issues = state.Collection("issues");
            issues.IsNewOrChanged("EX1", T0);
            issues.Complete();
            var exception = Assert.Throws<StateFileException>(() => state.Save());
            Assert.Equal(ServiceCommsErrorKind.StateFileWriteFailed, exception.Kind);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void AtomicWriteReplacesTheWholeFileAndLeavesNoTemporaryFile()
        {
            File.WriteAllText(StatePath, new string('x', 10000));
            O365ServiceComms.IO.AtomicFile.WriteAllBytes(StatePath, new byte[] { (byte)'a', (byte)'b' });
            Assert.Equal("ab", File.ReadAllText(StatePath));
            Assert.Equal(new[] { StatePath }, Directory.GetFileSystemEntries(_folder));
        }
    }
}
