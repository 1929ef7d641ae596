using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using O365ServiceComms.Text;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Issue 15 point 10 (endpoints, tenant of the token, id of the answer) and point 9's error records for people.</summary>
    public class EndpointSafetyTests
    {
        private const string Contoso = "b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10";
        private const string Fabrikam = "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63";

        private static string Jwt(string tid) =>
            Base64Url("{\"typ\":\"JWT\",\"alg\":\"none\"}") + "." + Base64Url("{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"" + tid + "\",\"roles\":[\"ServiceHealth.Read.All\"]}") + ".c2ln";

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private sealed class FixedTokens : IAccessTokenSource
        {
            private readonly string _token;

            public FixedTokens(string token) => _token = token;

            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken) => new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
        }

        private static Connection ConnectionFor(string tenantAsked, string tokenTenant) =>
            new Connection(tenantAsked, "5e3ce6c0-2b1f-4285-8d4b-75ee78787346", "ClientSecret", new Uri("https://login.example"), new Uri("https://graph.example"),
                Array.Empty<string>(), new FixedTokens(Jwt(tokenTenant)));

        [Fact]
        public void ATokenOfAnotherTenantThanTheGuidAskedForIsRefusedNamingIt()
        {
            Connection connection = ConnectionFor(Contoso, Fabrikam);
            var exception = Assert.Throws<SignInException>(() => connection.Tokens.GetToken(false, CancellationToken.None));
            Assert.Equal(ServiceCommsErrorKind.SignedInToOtherTenant, exception.Kind);
            Assert.Contains(Fabrikam, exception.Message);
            Assert.Contains(Contoso, exception.Message);
            Assert.Null(connection.Info.TenantGuid);
        }

        [Fact]
        public void ATokenOfTheTenantAskedForIsUsedWhateverTheCaseOfTheGuid()
        {
            Connection connection = ConnectionFor(Contoso.ToUpperInvariant(), Contoso);
            Assert.NotNull(connection.Tokens.GetToken(false, CancellationToken.None).Value);
            Assert.Equal(Guid.Parse(Contoso), connection.Info.TenantGuid);
        }

        [Fact]
        public void ADomainCannotBeComparedSoTheTokensTenantIsRecorded()
        {
            Connection connection = ConnectionFor("contoso.onmicrosoft.com", Fabrikam);
            connection.Tokens.GetToken(false, CancellationToken.None);
            Assert.Equal(Guid.Parse(Fabrikam), connection.Info.TenantGuid);
        }

        [Fact]
        public void ATidThatIsNotAGuidIsRefusedForATenantAskedByGuid()
        {
            Connection connection = ConnectionFor(Contoso, "\u001B]0;owned\u0007");
            var exception = Assert.Throws<SignInException>(() => connection.Tokens.GetToken(false, CancellationToken.None));
            Assert.Equal(ServiceCommsErrorKind.SignedInToOtherTenant, exception.Kind);
            Assert.DoesNotContain('\u001B', exception.Message);
        }

        [Theory]
        [InlineData("https://login.microsoftonline.com", null)]
        [InlineData("https://login.microsoftonline.com/", null)]
        [InlineData("https://127.0.0.1:5001", null)]
        [InlineData("https://login.example/some-tenant", "/some-tenant")]
        [InlineData("https://graph.example/v1.0/", "/v1.0/")]
        [InlineData("https://user:secret@graph.example", "user:secret@")]
        [InlineData("https://graph.example/?x=1", "?x=1")]
        [InlineData("https://graph.example/#top", "#top")]
        public void EndpointsAreTheHostOnly(string endpoint, string beyondHost)
        {
            Assert.Equal(beyondHost, EndpointRules.BeyondHost(new Uri(endpoint)));
        }

        private static GraphClient GraphAnswering(string json) =>
            new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(new ScriptedHandler(request => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            })));

        [Fact]
        public void AnAnswerForAnotherIdIsRefused()
        {
            var exception = Assert.Throws<GraphRequestException>(() =>
                AnnouncementById.Issue(GraphAnswering("{\"id\":\"SP197263\",\"title\":\"other\"}"), "LY197383", CancellationToken.None));
            Assert.Equal(ServiceCommsErrorKind.ItemIdMismatch, exception.Kind);
            Assert.Equal(HttpStatusCode.OK, exception.StatusCode);
            Assert.Contains("LY197383", exception.Message);
            Assert.Contains("SP197263", exception.Message);
        }

        [Theory]
        [InlineData("{\"id\":\"mc172851\",\"title\":\"same id, other case\"}")]
        [InlineData("{\"id\":null,\"title\":\"no id\"}")]
        [InlineData("{\"title\":\"no id at all\"}")]
        public void AnAnswerWithTheSameIdOrNoneIsKept(string json)
        {
            GraphMessage message = AnnouncementById.Message(GraphAnswering(json), "MC172851", CancellationToken.None);
            Assert.NotNull(message);
        }

        [Fact]
        public void ServerTextInMessagesForPeopleIsNeutralisedOnce()
        {
            // The error records, verbose and warning lines of every cmdlet go through ServiceCommsCmdlet's Write* and
            // DisplayText.ForPeople (the ErrorRecord side is tested in tests/DataSafety.Tests.ps1, in PowerShell).
            string raw = "Graph said \u001B]0;owned\u0007 \u001B[2J about \u202Efdp.exe";
            Assert.Equal("Graph said \u241B]0;owned\u2407 \u241B[2J about \uFFFDfdp.exe", DisplayText.ForPeople(raw));
            string once = DisplayText.ForPeople(raw);
            Assert.Same(once, DisplayText.ForPeople(once));
        }
    }
}
