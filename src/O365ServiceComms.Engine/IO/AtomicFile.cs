using System;
using System.IO;

namespace O365ServiceComms.IO
{
    /// <summary>
    /// Writes a whole file so that a reader (a web server, the next run of a script) sees either the old content or the
    /// new, never a part: the bytes go to a temporary file beside the target, which then replaces it in one rename.
    /// </summary>
    internal static class AtomicFile
    {
        public static void WriteAllBytes(string path, byte[] content)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath);
            if (Directory.Exists(fullPath))
            {
                throw new IOException(string.Format(Strings.PathIsDirectory, fullPath));
            }

            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException(string.Format(Strings.DirectoryNotFound, directory));
            }

            // Same folder, so the rename never crosses file systems; hidden, so a web server does not list it.
            string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }

                MoveIntoPlace(temporary, fullPath);
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        /// <summary>
        /// Puts the finished <paramref name="temporary"/> file (in the target's folder) in the place of <paramref name="target"/>
        /// in one step: an existing target is replaced (File.Replace), never deleted first, so a failure leaves it as it was.
        /// </summary>
        public static void MoveIntoPlace(string temporary, string target)
        {
            if (File.Exists(target))
            {
                File.Replace(temporary, target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, target);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                // Only a leftover temporary file; the error that matters is already on its way.
            }
        }
    }
}
