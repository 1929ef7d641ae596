using System.Linq;
using System.Text;
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

        [Theory]
        [InlineData("COM0.pdf", "_COM0.pdf")]
        [InlineData("lpt0", "_lpt0")]
        [InlineData("COM\u00B9.txt", "_COM\u00B9.txt")]
        [InlineData("LPT\u00B2", "_LPT\u00B2")]
        [InlineData("com\u00B3.csv", "_com\u00B3.csv")]
        [InlineData("CONIN$", "_CONIN$")]
        [InlineData("conout$.log", "_conout$.log")]
        [InlineData("AUX.tar.gz", "_AUX.tar.gz")]
        [InlineData("PRN", "_PRN")]
        [InlineData("COM10.pdf", "COM10.pdf")]
        [InlineData("COM\u2074.pdf", "COM\u2074.pdf")]
        public void RenamesEveryWindowsDeviceName(string suggested, string expected)
        {
            Assert.Equal(expected, FileNames.Sanitize(suggested, Fallback));
        }

        [Theory]
        [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
        [InlineData("report\u200B\u200C\u200D\u2060.pdf", "report.pdf")]
        [InlineData("\uFEFFbom.pdf", "bom.pdf")]
        [InlineData("a\u2066b\u2069c\u200Ed\u200Fe\u061Cf.pdf", "abcdef.pdf")]
        [InlineData("\u202E\u200B", Fallback)]
        public void DropsDirectionOverridesAndZeroWidthCharacters(string suggested, string expected)
        {
            Assert.Equal(expected, FileNames.Sanitize(suggested, Fallback));
        }

        [Theory]
        [InlineData('a', 1)]
        [InlineData('\u00E9', 2)]
        [InlineData('\u6F22', 3)]
        public void ShortensLongNamesToUtf8BytesKeepingTheExtension(char letter, int bytesPerLetter)
        {
            string name = FileNames.Sanitize(new string(letter, 400) + ".pdf", Fallback);

            Assert.True(Encoding.UTF8.GetByteCount(name) <= FileNames.MaxUtf8Bytes, name);
            Assert.True(Encoding.UTF8.GetByteCount(name) > FileNames.MaxUtf8Bytes - bytesPerLetter - 1, name);
            Assert.EndsWith(letter + ".pdf", name);
        }

        [Fact]
        public void ShortensNamesOfFourByteCharactersWithoutSplittingAPair()
        {
            string emoji = "\uD83D\uDE00";
            string name = FileNames.Sanitize(string.Concat(Enumerable.Repeat(emoji, 100)) + ".pdf", Fallback);

            Assert.True(Encoding.UTF8.GetByteCount(name) <= FileNames.MaxUtf8Bytes);
            Assert.EndsWith(emoji + ".pdf", name);
            Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
        }

        [Fact]
        public void NumberedNamesStayWithinTheCapAndKeepTheExtension()
        {
            Assert.Equal("report (2).pdf", FileNames.Numbered("report.pdf", 2));
            Assert.Equal("archive (3)", FileNames.Numbered("archive", 3));

            string longName = FileNames.Sanitize(new string('\u00E9', 400) + ".pdf", Fallback);
            string numbered = FileNames.Numbered(longName, 12);
            Assert.True(Encoding.UTF8.GetByteCount(numbered) <= FileNames.MaxUtf8Bytes, numbered);
            Assert.EndsWith(" (12).pdf", numbered);
            Assert.NotEqual(longName, numbered);
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
