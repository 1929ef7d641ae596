using System.Collections.Generic;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Issue 13: sign-in errors that lead with Entra's words, and filter values read as users type them.</summary>
    public class DailyUseTests
    {
        [Fact]
        public void EntraReasonSkipsMsalsBoilerplate()
        {
            const string msal =
                "A configuration issue is preventing authentication - check the error message from the server for details. "
                + "You can modify the configuration in the application registration portal. See https://aka.ms/msal-net-invalid-client for details.  "
                + "Original exception: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
                + "not the client secret ID, for a secret added to app '5e3ce6c0'.\r\nTrace ID: 1234\r\nCorrelation ID: 5678";

            Assert.Equal(
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
                + "not the client secret ID, for a secret added to app '5e3ce6c0'.",
                SignInErrors.EntraReason(msal));
        }

        [Fact]
        public void EntraReasonKeepsAMessageWithoutAadstsCodeToItsFirstLine()
        {
            Assert.Equal("Something else failed.", SignInErrors.EntraReason("Something else failed.\nTrace ID: 1"));
            Assert.Equal(string.Empty, SignInErrors.EntraReason(null));
        }

        public static IEnumerable<object[]> Words() => new[]
        {
            new object[] { "Service degradation", "ServiceDegradation" },
            new object[] { "extended recovery", "ExtendedRecovery" },
            new object[] { " SERVICE-RESTORED ", "ServiceRestored" },
            new object[] { "serviceOperational", "ServiceOperational" },
        };

        [Theory]
        [MemberData(nameof(Words))]
        public void KnownStatusReadsGraphsSpellingAndThePagesWords(string typed, string expected) =>
            Assert.Equal(expected, FilterValues.Known(typed, FilterValues.Statuses));

        [Theory]
        [InlineData("ServiceDegredation")]
        [InlineData("Service")]
        [InlineData("")]
        [InlineData(null)]
        public void UnknownStatusIsNull(string typed) => Assert.Null(FilterValues.Known(typed, FilterValues.Statuses));

        [Fact]
        public void KnownCategoryReadsThePagesWords() =>
            Assert.Equal("PlanForChange", FilterValues.Known("Plan for change", FilterValues.Categories));
    }
}
