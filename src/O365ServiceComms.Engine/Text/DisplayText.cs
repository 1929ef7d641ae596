using System.Text;

namespace O365ServiceComms.Text
{
    /// <summary>
    /// Text for people (verbose, warning and error messages): characters that a terminal would act on instead of
    /// showing (ESC sequences that set the window title or clear the screen, bell, backspace, C1 controls, direction
    /// overrides) become visible placeholders. Objects written to the pipeline keep the server's true value.
    /// </summary>
    internal static class DisplayText
    {
        /// <summary>Shown for C1 controls, direction overrides, lone surrogates and other invisible formatting.</summary>
        public const char Placeholder = '\uFFFD';

        /// <summary>
        /// <paramref name="text"/> with every control character but tab and line feed replaced: C0 controls by their
        /// Unicode control picture (ESC shows as U+241B), DEL by U+2421, the rest by U+FFFD. Returns the same instance
        /// when nothing needs replacing.
        /// </summary>
        public static string ForPeople(string text)
        {
            if (string.IsNullOrEmpty(text) || !NeedsReplacing(text))
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    builder.Append(c);
                }
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
                else if (IsUnsafe(c))
                {
                    builder.Append(c < 0x20 ? (char)(0x2400 + c) : c == 0x7F ? '\u2421' : Placeholder);
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>Direction marks, embeddings, overrides and isolates: they reorder what a reader sees.</summary>
        public static bool IsBidiControl(char c) =>
            c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

        /// <summary>Characters that take no room: zero-width spaces and joiners, word joiner, invisible operators, BOM.</summary>
        public static bool IsZeroWidth(char c) =>
            (c >= '\u200B' && c <= '\u200D') || (c >= '\u2060' && c <= '\u2064') || c == '\uFEFF' || c == '\u180E' || c == '\u00AD';

        private static bool NeedsReplacing(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsSurrogate(c) || c == '\r' || IsUnsafe(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUnsafe(char c) =>
            (c < 0x20 && c != '\t' && c != '\n')
            || (c >= 0x7F && c <= 0x9F)
            || char.IsSurrogate(c)
            || IsBidiControl(c);
    }
}
