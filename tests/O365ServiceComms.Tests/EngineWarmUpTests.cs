using System.Collections.Generic;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>
    /// The warm-up that PowerShell 7's import starts in the background: it must really run the sign-in and the status
    /// read (an MSAL or reader change that refuses its answers made in memory would quietly turn it into nothing), and
    /// it must ask nothing of anyone but those answers.
    /// </summary>
    public class EngineWarmUpTests
    {
        [Fact]
        public void SignsInAndReadsTheStatusAgainstItsOwnAnswersOnly()
        {
            bool ranThrough = EngineWarmUp.TryRun(out IReadOnlyList<string> requests);

            Assert.True(ranThrough);
            Assert.Equal(
                new[]
                {
                    "POST /00000000-0000-0000-0000-00000000a11a/oauth2/v2.0/token",
                    "GET /v1.0/admin/serviceAnnouncement/healthOverviews?$expand=issues",
                },
                requests);
        }

        [Fact]
        public void RunsAgainWithItsOwnConnection()
        {
            Assert.True(EngineWarmUp.TryRun(out _));
            Assert.True(EngineWarmUp.TryRun(out IReadOnlyList<string> requests));
            // A second run signs in again: nothing of the first (its MSAL cache) is shared.
            Assert.Equal(2, requests.Count);
        }

#if NET
        [Fact]
        public void BuildsACertificateChainAgainstTheSystemRootsOnLinuxOnly()
        {
            Assert.Equal(System.OperatingSystem.IsLinux(), EngineWarmUp.LoadTrustStore());
        }
#endif
    }
}
