using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.IO;
using O365ServiceComms.Text;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// What the Save cmdlets share: -Id and the loop over the ids (each checked to be letters and digits), the target
    /// folder (-Path, created when missing), -Force, and writing a download under the server's file name, sanitised,
    /// through a partial file so that no half-written file is left behind.
    /// </summary>
    public abstract class SaveServiceFileCommandBase : TenantCommandBase
    {
        /// <summary>The parameter set of -Id.</summary>
        internal const string ByIdSet = "ById";

        private string _folder;

        // Names this call saved (or is saving) files under: a second download of the same name gets "name (2)", with
        // or without -Force, so that one call never overwrites its own files. Ignoring case, as Windows and macOS do.
        private readonly HashSet<string> _namesThisCall = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Ids of the items to save from: issues such as EX231055, or Message Center posts such as MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SaveIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>The folder to save into; created if it does not exist. By default the current location.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Overwrite a file of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal string Folder => _folder;

        protected override void BeginCommand()
        {
            base.BeginCommand();
            _folder = ResolveFolder(string.IsNullOrEmpty(Path) ? "." : Path);
        }

        /// <summary>Saves from each id in turn; an id that is not letters and digits is reported and skipped.</summary>
        protected override void ProcessInput()
        {
            foreach (string id in Id)
            {
                if (CheckWellFormed(id))
                {
                    SaveFrom(id);
                }
            }
        }

        /// <summary>Saves the file(s) of one well-formed id, writing each file saved, or an error.</summary>
        protected abstract void SaveFrom(string id);

        /// <summary>
        /// Saves the download into the folder and returns the file as Get-Item would (a FileInfo with the provider's
        /// properties, so it shows and pipes like any file), or writes an error and returns null.
        /// </summary>
        internal PSObject Save(GraphDownload download, string id, string fallbackName)
        {
            string name = UnusedInThisCall(FileNames.Sanitize(download.SuggestedFileName, fallbackName));
            if (download.SuggestedFileName != null && name != download.SuggestedFileName)
            {
                WriteVerbose(string.Format("The server named the file '{0}'; it is saved as '{1}'.", download.SuggestedFileName, name));
            }

            string target = System.IO.Path.Combine(_folder, name);
            if ((File.Exists(target) && !Force) || Directory.Exists(target))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.FileExists, string.Format(Strings.FileExists, target), target));
                return null;
            }

            string partial = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial";
            try
            {
                Directory.CreateDirectory(_folder);
                using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    download.CopyTo(file, CancellationToken);
                }

                // With -Force an existing file is replaced in one step, never deleted first: if that fails, it is still there.
                AtomicFile.MoveIntoPlace(partial, target);
                WriteVerbose(string.Format("Saved {0} as {1}.", id, target));
                return InvokeProvider.Item.Get(new[] { target }, true, true).FirstOrDefault();
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                WriteError(ErrorKinds.FileWriteFailed(target, exception));
                return null;
            }
            finally
            {
                TryDelete(partial);
            }
        }

        private string UnusedInThisCall(string name)
        {
            string candidate = name;
            for (int number = 2; !_namesThisCall.Add(candidate); number++)
            {
                candidate = FileNames.Numbered(name, number);
            }

            return candidate;
        }

        /// <summary>Writes the error for a message id that is not letters and digits.</summary>
        protected bool CheckWellFormed(string id)
        {
            if (MessageIds.IsWellFormed(id))
            {
                return true;
            }

            WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.InvalidMessageId, id), id));
            return false;
        }

        private string ResolveFolder(string path)
        {
            string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.PathNotFileSystem, path, provider.Name), path));
            }

            if (File.Exists(folder))
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.PathIsFile, folder), path));
            }

            return folder;
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
                // Best effort: the partial file's name says what it is.
            }
        }
    }
}
