using System;
using System.Linq;
using System.Text;

namespace O365ServiceComms.Text
{
    /// <summary>
    /// Makes a file name the server suggests safe to write on any system the module runs on (Windows, Linux, macOS,
    /// and SMB shares between them): never a path, never a device name, never hidden, never empty.
    /// </summary>
    internal static class FileNames
    {
        // Invalid on Windows (and so on shares a Windows machine reads); '/' and NUL are invalid everywhere.
        private static readonly char[] s_invalid = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };

        // Every name Windows maps to a device, with or without an extension: COM and LPT with 0-9 and the superscript
        // digits 1-3 (which Windows counts as digits here), and the console's CONIN$ and CONOUT$.
        private static readonly string[] s_reservedDeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        /// <summary>
        /// The longest name written, in UTF-8 bytes (what Linux and macOS file systems count; Windows counts UTF-16
        /// units, never more than UTF-8 bytes). Below the 255 of every file system, leaving room for the " (2)" of a
        /// second file of the same name and the suffix of the partial file written first.
        /// </summary>
        public const int MaxUtf8Bytes = 200;

        /// <summary>
        /// The last segment of <paramref name="suggested"/> with unsafe characters replaced by '_', or
        /// <paramref name="fallback"/> when nothing usable is left.
        /// </summary>
        public static string Sanitize(string suggested, string fallback)
        {
            if (string.IsNullOrWhiteSpace(suggested))
            {
                return fallback;
            }

            // A server has no say over the folder: keep only what follows the last separator of either kind.
            string name = suggested.Trim();
            int lastSeparator = name.LastIndexOfAny(new[] { '/', '\\' });
            name = name.Substring(lastSeparator + 1);

            var builder = new StringBuilder(name.Length);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (DisplayText.IsBidiControl(c) || DisplayText.IsZeroWidth(c))
                {
                    // "invoice\u202Efdp.exe" would show as "invoiceexe.pdf": such characters only ever hide what a name is.
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                {
                    builder.Append(c).Append(name[++i]);
                    continue;
                }

                builder.Append(char.IsControl(c) || char.IsSurrogate(c) || s_invalid.Contains(c) ? '_' : c);
            }

            // Windows drops trailing dots and spaces; leading dots hide files on Unix and make ".." possible.
            name = builder.ToString().Trim().TrimEnd('.', ' ').TrimStart('.', ' ');
            if (name.Length == 0 || name.All(c => c == '_'))
            {
                return fallback;
            }

            string stem = name.Split('.')[0].TrimEnd(' ');
            if (s_reservedDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
            {
                name = "_" + name;
            }

            return Shorten(name);
        }

        /// <summary>A file extension (with its dot) for a media type, or an empty string when unknown.</summary>
        public static string ExtensionFor(string mediaType)
        {
            switch ((mediaType ?? string.Empty).ToLowerInvariant())
            {
                case "application/pdf": return ".pdf";
                case "application/zip":
                case "application/x-zip-compressed": return ".zip";
                case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return ".docx";
                case "text/csv":
                case "application/csv": return ".csv";
                case "text/plain": return ".txt";
                case "text/html": return ".html";
                default: return string.Empty;
            }
        }

        /// <summary>
        /// The name for the <paramref name="number"/>th file of the same name in one call: "report (2).pdf", still
        /// within <see cref="MaxUtf8Bytes"/>.
        /// </summary>
        public static string Numbered(string name, int number)
        {
            string suffix = " (" + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
            SplitExtension(name, out string stem, out string extension);
            return Shorten(stem + suffix + extension, suffix.Length);
        }

        private static string Shorten(string name, int keepAtEnd = 0)
        {
            if (s_utf8.GetByteCount(name) <= MaxUtf8Bytes)
            {
                return name;
            }

            SplitExtension(name, out string stem, out string extension);
            string tail = stem.Substring(stem.Length - keepAtEnd) + extension;
            stem = stem.Substring(0, stem.Length - keepAtEnd);
            int budget = MaxUtf8Bytes - s_utf8.GetByteCount(tail);
            int length = 0;
            int bytes = 0;
            while (length < stem.Length)
            {
                int step = char.IsHighSurrogate(stem[length]) && length + 1 < stem.Length ? 2 : 1;
                int size = s_utf8.GetByteCount(stem.Substring(length, step));
                if (bytes + size > budget)
                {
                    break;
                }

                bytes += size;
                length += step;
            }

            return stem.Substring(0, length).TrimEnd('.', ' ') + tail;
        }

        private static void SplitExtension(string name, out string stem, out string extension)
        {
            int dot = name.LastIndexOf('.');
            extension = dot > 0 && name.Length - dot <= 10 ? name.Substring(dot) : string.Empty;
            stem = name.Substring(0, name.Length - extension.Length);
        }

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);
    }
}
