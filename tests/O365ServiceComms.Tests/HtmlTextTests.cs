using System;
using O365ServiceComms.Text;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class HtmlTextTests
    {
        private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines);

        [Fact]
        public void ParagraphsBecomeLinesSeparatedByABlankLine()
        {
            string text = HtmlText.ToPlainText("<p>Title: Outage</p><p>User Impact: Users can't sign in.</p>", "html");
            Assert.Equal(Lines("Title: Outage", "", "User Impact: Users can't sign in."), text);
        }

        [Fact]
        public void EntitiesAreDecodedAndTagsRemoved()
        {
            string text = HtmlText.ToPlainText("<p>Can&#39;t send &amp; receive &lt;mail&gt; &quot;now&quot;&nbsp;<b>today</b></p>", "Html");
            Assert.Equal("Can't send & receive <mail> \"now\" today", text);
        }

        [Fact]
        public void ListItemsStandOnLinesOfTheirOwn()
        {
            string text = HtmlText.ToPlainText("<p>More info:</p><ul><li>First point</li><li>Second <a href=\"https://x\">link</a></li></ul><p>End</p>", "html");
            Assert.Equal(Lines("More info:", "", "- First point", "- Second link", "", "End"), text);
        }

        [Fact]
        public void LineBreaksInHtmlTypedPlainTextAreKept()
        {
            // The live service marks incident posts as HTML that are really text with "\n" line breaks.
            string text = HtmlText.ToPlainText("Title: Exchange issue\n\nUser Impact: Users may be unable to send mail.", "Html");
            Assert.Equal(Lines("Title: Exchange issue", "", "User Impact: Users may be unable to send mail."), text);
        }

        [Fact]
        public void BrAndDivBreakLinesAndScriptsVanish()
        {
            string text = HtmlText.ToPlainText("<div>one<br>two</div><script>alert(1)</script><style>p{}</style><div>three</div>", "html");
            Assert.Equal(Lines("one", "two", "three"), text);
        }

        [Fact]
        public void TextContentIsNotParsedAsHtml()
        {
            string text = HtmlText.ToPlainText("a <b> is not a tag here\r\nnext line", "text");
            Assert.Equal(Lines("a <b> is not a tag here", "next line"), text);
        }

        [Fact]
        public void WhitespaceRunsCollapseAndEmptyInputStaysEmpty()
        {
            Assert.Equal("a b", HtmlText.ToPlainText("<p>  a \t  b  </p>", "html"));
            Assert.Equal(string.Empty, HtmlText.ToPlainText(null, "html"));
            Assert.Equal(string.Empty, HtmlText.ToPlainText(string.Empty, "html"));
        }
    }
}
