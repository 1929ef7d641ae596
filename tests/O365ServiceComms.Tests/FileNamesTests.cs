using O365ServiceComms.Text;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class FileNamesTests
    {
        private const string Fallback = "EX1-PostIncidentReview.pdf";

        [Theory]
        [InlineData("EX231055 - Post-incident review.pdf", "EX231055 - Post-incident review.pdf")]
        [InlineData("TM236452 \u2013 Post-incident review.pdf", "TM236452 \u2013 Post-incident review.pdf")]
        [InlineData("../../LY249981: Post-incident review?.pdf", "LY249981_ Post-incident review_.pdf")]
        [InlineData("..\\..\\Windows\\System32\\evil.dll", "evil.dll")]
        [InlineData("/etc/passwd", "passwd")]
        [InlineData("C:\\Users\\x\\report.pdf", "report.pdf")]
        [InlineData("a<b>c|d*e\"f.pdf", "a_b_c_d_e_f.pdf")]
        [InlineData("tab\there\u0001.pdf", "tab_here_.pdf")]
        [InlineData("report.pdf. . ", "report.pdf")]
        [InlineData(".hidden.pdf", "hidden.pdf")]
        [InlineData("  \"quoted.pdf\"  ", "_quoted.pdf_")]
        public void KeepsOnlyASafeName(string suggested, string expected)
        {
            Assert.Equal(expected, FileNames.Sanitize(suggested, Fallback));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("..")]
        [InlineData("../")]
        [InlineData("folder/")]
        [InlineData("???")]
        [InlineData(". . .")]
        public void FallsBackWhenNothingUsableIsLeft(string suggested)
        {
            Assert.Equal(Fallback, FileNames.Sanitize(suggested, Fallback));
        }

        [Theory]
        [InlineData("CON", "_CON")]
        [InlineData("nul.pdf", "_nul.pdf")]
        [InlineData("Com1.tar.gz", "_Com1.tar.gz")]
        [InlineData("LPT9 .txt", "_LPT9 .txt")]
        [InlineData("CONSOLE.pdf", "CONSOLE.pdf")]
        public void NeverUsesAWindowsDeviceName(string suggested, string expected)
        {
            Assert.Equal(expected, FileNames.Sanitize(suggested, Fallback));
        }

        [Fact]
        public void ShortensLongNamesKeepingTheExtension()
        {
            string name = FileNames.Sanitize(new string('a', 400) + ".pdf", Fallback);

            Assert.Equal(150, name.Length);
            Assert.EndsWith("aaa.pdf", name);
        }

        [Theory]
        [InlineData("application/pdf", ".pdf")]
        [InlineData("APPLICATION/ZIP", ".zip")]
        [InlineData("application/octet-stream", "")]
        [InlineData(null, "")]
        public void KnowsTheExtensionsOfTheFilesGraphSends(string mediaType, string extension)
        {
            Assert.Equal(extension, FileNames.ExtensionFor(mediaType));
        }
    }
}
