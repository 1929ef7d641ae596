using System;
using System.Text;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class TokenDelegationClaimsTests
    {
        private static string Jwt(string payloadJson) =>
            "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payloadJson)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";

        [Fact]
        public void ATokenWithScopesIsDelegated()
        {
            Assert.True(TokenClaims.IsDelegated(Jwt("{\"scp\":\"ServiceMessageViewpoint.Write\",\"idtyp\":\"user\"}")));
        }

        [Fact]
        public void ATokenWithRolesOrIdTypeAppIsAppOnly()
        {
            Assert.False(TokenClaims.IsDelegated(Jwt("{\"roles\":[\"ServiceHealth.Read.All\"],\"idtyp\":\"app\"}")));
            Assert.False(TokenClaims.IsDelegated(Jwt("{\"idtyp\":\"app\"}")));
            Assert.False(TokenClaims.IsDelegated(Jwt("{\"roles\":[]}")));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("opaque-token")]
        [InlineData("a.%%%.c")]
        [InlineData("a.bm90IGpzb24.c")]
        public void AnUnreadableTokenIsUnknown(string token)
        {
            Assert.Null(TokenClaims.IsDelegated(token));
        }

        [Fact]
        public void ATokenSayingNeitherIsUnknown()
        {
            Assert.Null(TokenClaims.IsDelegated(Jwt("{\"aud\":\"https://graph.microsoft.com\"}")));
        }
    }
}
