using System;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class ODataFilterBuilderTests
    {
        [Fact]
        public void EmptyBuilderGivesNoFilter()
        {
            var builder = new ODataFilterBuilder()
                .AnyOf("status", null)
                .AnyOf("status", new string[0])
                .ContainsAnyOf("services", null)
                .IsEqual("isResolved", null)
                .OnOrAfter("lastModifiedDateTime", null);

            Assert.True(builder.IsEmpty);
            Assert.Null(builder.Build());
        }

        [Fact]
        public void OneValueIsAPlainComparison()
        {
            Assert.Equal("service eq 'SharePoint Online'", new ODataFilterBuilder().AnyOf("service", new[] { "SharePoint Online" }).Build());
        }

        [Fact]
        public void SeveralValuesAreAnOrGroupInParentheses()
        {
            string filter = new ODataFilterBuilder()
                .AnyOf("severity", new[] { "high", "critical", "high" })
                .Build();

            Assert.Equal("(severity eq 'high' or severity eq 'critical')", filter);
        }

        [Fact]
        public void ClausesAreJoinedWithAnd()
        {
            string filter = new ODataFilterBuilder()
                .AnyOf("service", new[] { "Exchange Online", "SharePoint Online" })
                .IsEqual("isResolved", false)
                .AnyOf("classification", new[] { "advisory" })
                .Build();

            Assert.Equal("(service eq 'Exchange Online' or service eq 'SharePoint Online') and isResolved eq false and classification eq 'advisory'", filter);
        }

        [Fact]
        public void CollectionsUseAnyWithOneLambda()
        {
            string filter = new ODataFilterBuilder().ContainsAnyOf("services", new[] { "Microsoft Teams", "Planner" }).Build();

            Assert.Equal("services/any(s:s eq 'Microsoft Teams' or s eq 'Planner')", filter);
        }

        [Theory]
        [InlineData("O'Reilly", "'O''Reilly'")]
        [InlineData("'", "''''")]
        [InlineData("''", "''''''")]
        [InlineData("", "''")]
        [InlineData("x' or 1 eq 1 or status eq '", "'x'' or 1 eq 1 or status eq '''")]
        [InlineData("a') or (true", "'a'') or (true'")]
        [InlineData("s:s eq 'x') or services/any(s:true", "'s:s eq ''x'') or services/any(s:true'")]
        public void StringLiteralsDoubleEveryQuote(string value, string literal)
        {
            Assert.Equal(literal, ODataFilterBuilder.StringLiteral(value));
        }

        [Fact]
        public void HostileValuesStayInsideOneLiteral()
        {
            const string hostile = "serviceDegradation' or 1 eq 1 or status eq '";
            string filter = new ODataFilterBuilder().AnyOf("status", new[] { hostile }).IsEqual("isResolved", false).Build();

            Assert.Equal("status eq 'serviceDegradation'' or 1 eq 1 or status eq ''' and isResolved eq false", filter);
            // Undoing the escape inside the literal gives back exactly the value: nothing leaked out of it.
            string literal = filter.Substring("status eq ".Length, filter.Length - "status eq ".Length - " and isResolved eq false".Length);
            Assert.Equal(hostile, literal.Substring(1, literal.Length - 2).Replace("''", "'"));
        }

        [Fact]
        public void HostileValuesInCollectionsStayInsideTheLambda()
        {
            string filter = new ODataFilterBuilder().ContainsAnyOf("services", new[] { "x') or (1 eq 1" }).Build();

            Assert.Equal("services/any(s:s eq 'x'') or (1 eq 1')", filter);
        }

        [Fact]
        public void NullValuesAreRefused()
        {
            Assert.Throws<ArgumentNullException>(() => new ODataFilterBuilder().AnyOf("status", new string[] { null }));
        }

        [Theory]
        [InlineData("status eq 'x' or 1 eq 1")]
        [InlineData("status)")]
        [InlineData("")]
        [InlineData(null)]
        [InlineData("services/any")]
        public void PropertyNamesMustBeIdentifiers(string property)
        {
            Assert.Throws<ArgumentException>(() => new ODataFilterBuilder().AnyOf(property, new[] { "x" }));
        }

        [Fact]
        public void TimesAreSentInUtcWithTheirFraction()
        {
            var utc = new DateTime(2021, 6, 1, 12, 30, 15, 250, DateTimeKind.Utc);

            Assert.Equal("2021-06-01T12:30:15.25Z", ODataFilterBuilder.DateTimeLiteral(utc));
            Assert.Equal("2021-06-01T12:30:15Z", ODataFilterBuilder.DateTimeLiteral(new DateTime(2021, 6, 1, 12, 30, 15, DateTimeKind.Utc)));
            Assert.Equal("2021-06-01T12:30:15.0000001Z", ODataFilterBuilder.DateTimeLiteral(new DateTime(2021, 6, 1, 12, 30, 15, DateTimeKind.Utc).AddTicks(1)));
            Assert.Equal("lastModifiedDateTime ge 2021-06-01T12:30:15.25Z", new ODataFilterBuilder().OnOrAfter("lastModifiedDateTime", utc).Build());
        }

        [Fact]
        public void LocalAndUnspecifiedTimesAreConvertedToUtc()
        {
            var local = new DateTime(2021, 6, 1, 12, 30, 15, DateTimeKind.Local);
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            string expected = local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

            Assert.Equal(expected, ODataFilterBuilder.DateTimeLiteral(local));
            Assert.Equal(expected, ODataFilterBuilder.DateTimeLiteral(unspecified));
        }
    }
}
