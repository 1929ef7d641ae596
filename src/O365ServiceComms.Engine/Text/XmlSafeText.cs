using System.Text;

namespace O365ServiceComms.Text
{
    /// <summary>
    /// Text that XML 1.0 (and so RSS, Atom) and HTML can carry. XML forbids most C0 controls (U+0001), U+FFFE, U+FFFF and
    /// lone surrogates anywhere, even escaped; one such character in a title would make a feed writer give up on the
    /// whole feed. They are replaced by U+FFFD, so every item is still written and the reader sees where something was.
    /// </summary>
    internal static class XmlSafeText
    {
        public const char Replacement = '\uFFFD';

        /// <summary><paramref name="text"/> with every character XML 1.0 forbids replaced; the same instance when it has none.</summary>
        public static string Clean(string text)
        {
            if (string.IsNullOrEmpty(text) || IsClean(text))
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
                else
                {
                    builder.Append(IsAllowed(c) ? c : Replacement);
                }
            }

            return builder.ToString();
        }

        public static bool IsClean(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (!IsAllowed(c))
                {
                    return false;
                }
            }

            return true;
        }

        // XML 1.0's Char production, for one UTF-16 unit outside a surrogate pair.
        private static bool IsAllowed(char c) =>
            c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
