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

        private static readonly string[] s_reservedDeviceNames =
        {
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        private const int MaxLength = 150;

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
            foreach (char c in name)
            {
                builder.Append(char.IsControl(c) || s_invalid.Contains(c) ? '_' : c);
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

        private static string Shorten(string name)
        {
            if (name.Length <= MaxLength)
            {
                return name;
            }

            int dot = name.LastIndexOf('.');
            string extension = dot > 0 && name.Length - dot <= 10 ? name.Substring(dot) : string.Empty;
            string stem = name.Substring(0, MaxLength - extension.Length);
            if (char.IsHighSurrogate(stem[stem.Length - 1]))
            {
                stem = stem.Substring(0, stem.Length - 1);
            }

            return stem.TrimEnd('.', ' ') + extension;
        }
    }
}
