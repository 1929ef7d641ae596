using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class TokenClaimsTests
    {
        private static string Jwt(string payloadJson) =>
            Base64Url("{\"typ\":\"JWT\",\"alg\":\"none\"}") + "." + Base64Url(payloadJson) + ".c2ln";

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        [Fact]
        public void ReadsTenantAppAudienceAndExpiryOfAnAppToken()
        {
            TokenPayload claims = TokenClaims.Read(Jwt(
                "{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10\",\"appid\":\"5e3ce6c0-2b1f-4285-8d4b-75ee78787346\",\"exp\":1700000000,\"roles\":[\"ServiceHealth.Read.All\"]}"));

            Assert.Equal("b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10", claims.TenantId);
            Assert.Equal("5e3ce6c0-2b1f-4285-8d4b-75ee78787346", claims.AppId);
            Assert.Equal("https://graph.microsoft.com", claims.Audience);
            Assert.Null(claims.User);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), claims.ExpiresOn);
        }

        [Fact]
        public void ReadsTheUserAndAzpOfAV2UserToken()
        {
            TokenPayload claims = TokenClaims.Read(Jwt("{\"azp\":\"c2f7a9d4-3b6e-4f1a-8d5c-7e9b0a2c4f61\",\"preferred_username\":\"adele@contoso.onmicrosoft.com\",\"exp\":\"1700000000\",\"scp\":\"ServiceHealth.Read.All ServiceMessage.Read.All\"}"));

            Assert.Equal("c2f7a9d4-3b6e-4f1a-8d5c-7e9b0a2c4f61", claims.AppId);
            Assert.Equal("adele@contoso.onmicrosoft.com", claims.User);
            // Some issuers send exp as a string.
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), claims.ExpiresOn);
            Assert.Equal(new[] { "ServiceHealth.Read.All", "ServiceMessage.Read.All" }, TokenClaims.RolesOrScopes(Jwt("{\"scp\":\"ServiceHealth.Read.All ServiceMessage.Read.All\"}")));
        }

        [Theory]
        [InlineData("opaque-token")]
        [InlineData("a.b")]
        [InlineData("a.!!!.c")]
        [InlineData("")]
        [InlineData(null)]
        public void GivesNothingForATokenThatIsNotAJwt(string token) => Assert.Null(TokenClaims.Read(token));

        [Theory]
        [InlineData("{\"exp\":\"soon\"}")]
        [InlineData("{\"exp\":-5}")]
        [InlineData("{\"exp\":{\"a\":1}}")]
        [InlineData("{}")]
        public void LeavesAnUnreadableExpiryOpen(string payload) => Assert.Null(TokenClaims.Read(Jwt(payload)).ExpiresOn);
    }

    public class CloudEnvironmentTests
    {
        [Theory]
        [InlineData("Global", "https://login.microsoftonline.com/", "https://graph.microsoft.com/")]
        [InlineData("usgov", "https://login.microsoftonline.us/", "https://graph.microsoft.us/")]
        [InlineData("USGovDoD", "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/")]
        [InlineData("China", "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/")]
        public void KnowsEachCloudsEndpoints(string name, string authority, string graph)
        {
            CloudEnvironment cloud = CloudEnvironment.Find(name);
            Assert.Equal(authority, cloud.AuthorityHost.AbsoluteUri);
            Assert.Equal(graph, cloud.GraphEndpoint.AbsoluteUri);
            Assert.Equal(cloud.Name, CloudEnvironment.NameOf(cloud.AuthorityHost, cloud.GraphEndpoint));
            Assert.Equal(cloud.Name, CloudEnvironment.NameOf(null, cloud.GraphEndpoint));
        }

        [Fact]
        public void CallsOtherEndpointsCustom()
        {
            Assert.Null(CloudEnvironment.Find("AzureStack"));
            Assert.Equal("Custom", CloudEnvironment.NameOf(new Uri("https://127.0.0.1:5001"), new Uri("https://127.0.0.1:5001")));
            Assert.Equal("Custom", CloudEnvironment.NameOf(new Uri("https://login.microsoftonline.com"), new Uri("https://graph.microsoft.us")));
        }

        [Theory]
        [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com", true)]
        [InlineData("https://graph.microsoft.com/", "https://graph.microsoft.com", true)]
        [InlineData("00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com", true)]
        [InlineData("https://127.0.0.1:5001", "https://127.0.0.1:5001/", true)]
        [InlineData("https://graph.microsoft.us", "https://graph-proxy.contoso.com", true)]
        [InlineData("https://management.azure.com", "https://graph.microsoft.com", false)]
        [InlineData("api://my-app", "https://graph.microsoft.com", false)]
        [InlineData("", "https://graph.microsoft.com", false)]
        public void TellsGraphTokensFromOthers(string audience, string graphEndpoint, bool expected) =>
            Assert.Equal(expected, CloudEnvironment.IsGraphAudience(audience, new Uri(graphEndpoint)));
    }

    public class CallerThreadMessagesTests
    {
        [Fact]
        public void ShowsMessagesPostedFromOtherThreadsOnTheCallingThread()
        {
            int caller = Environment.CurrentManagedThreadId;
            var shown = new List<(string Message, int Thread)>();

            int result = CallerThreadMessages.Run(
                post => Task.Run(async () =>
                {
                    post("first");
                    await Task.Delay(20);
                    post("second");
                    return 42;
                }),
                message => shown.Add((message, Environment.CurrentManagedThreadId)),
                CancellationToken.None);

            Assert.Equal(42, result);
            Assert.Equal(new[] { "first", "second" }, shown.ConvertAll(s => s.Message));
            Assert.All(shown, s => Assert.Equal(caller, s.Thread));
        }

        [Fact]
        public void PassesOnTheOperationsFailure()
        {
            var shown = new List<string>();
            var failure = Assert.Throws<InvalidOperationException>(() => CallerThreadMessages.Run<int>(
                post => Task.Run(new Func<int>(() =>
                {
                    post("code 123");
                    throw new InvalidOperationException("declined");
                })),
                shown.Add,
                CancellationToken.None));

            Assert.Equal("declined", failure.Message);
            Assert.Equal(new[] { "code 123" }, shown);
        }

        [Fact]
        public void StopsWaitingWhenCancelled()
        {
            using (var cancellation = new CancellationTokenSource())
            {
                var shown = new List<string>();
                Assert.ThrowsAny<OperationCanceledException>(() => CallerThreadMessages.Run(
                    post => Task.Run(async () =>
                    {
                        post("waiting for the user");
                        await Task.Delay(Timeout.Infinite, cancellation.Token);
                        return 0;
                    }),
                    message =>
                    {
                        shown.Add(message);
                        cancellation.Cancel();
                    },
                    cancellation.Token));
                Assert.Equal(new[] { "waiting for the user" }, shown);
            }
        }
    }
}
