using System;
using System.Globalization;
using System.Management.Automation;
using O365ServiceComms.Graph;

namespace O365ServiceComms.State
{
    /// <summary>What -StatePath adds to Get-O365ServiceMessage: open the file, filter each list, save the file.</summary>
    internal static class StatePathSupport
    {
        /// <summary>Reads the state file; a file that cannot be read or understood stops the command before any request.</summary>
        public static MessageStateFile Open(PSCmdlet cmdlet, string statePath, string tenantId)
        {
            string path = cmdlet.GetUnresolvedProviderPathFromPSPath(statePath);
            try
            {
                MessageStateFile state = MessageStateFile.Load(path, tenantId);
                cmdlet.WriteVerbose(state.IsFirstRun
                    ? string.Format(CultureInfo.InvariantCulture, "State file {0} has nothing for tenant {1} yet: reading every item.", path, tenantId)
                    : string.Format(CultureInfo.InvariantCulture, "State file {0}: returning only items of tenant {1} that are new or changed since the last run.", path, tenantId));
                return state;
            }
            catch (StateFileException exception)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordOf(exception, path));
                return null;
            }
        }

        /// <summary>The time from which to ask for the list's items, or null when the state knows none (first run).</summary>
        public static DateTime? Since(Cmdlet cmdlet, string collection, CollectionState state)
        {
            if (state?.Since == null)
            {
                return null;
            }

            cmdlet.WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: {1} item(s) known from the state file; asking for those changed since {2:u} (the newest known update less {3} minutes).",
                collection, state.KnownCount, state.Since, MessageStateFile.Overlap.TotalMinutes));
            return state.Since;
        }

        /// <summary>
        /// Writes what the lists read to their end now hold. Called only when the command got that far: a stopped
        /// pipeline or a terminating error leaves the file as it was, and a list that failed keeps its old state.
        /// </summary>
        public static void Save(PSCmdlet cmdlet, MessageStateFile state)
        {
            try
            {
                cmdlet.WriteVerbose(state.Save()
                    ? "State saved to " + state.Path + "."
                    : "State file " + state.Path + " is unchanged.");
            }
            catch (StateFileException exception)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordOf(exception, state.Path));
            }
        }

        private static ErrorRecord ErrorRecordOf(StateFileException exception, string path)
        {
            ErrorCategory category;
            switch (exception.ErrorId)
            {
                case ErrorIds.StateFileInvalid:
                    category = ErrorCategory.InvalidData;
                    break;
                case ErrorIds.StateFileWriteFailed:
                    category = ErrorCategory.WriteError;
                    break;
                default:
                    category = ErrorCategory.ReadError;
                    break;
            }

            return new ErrorRecord(exception, exception.ErrorId, category, path);
        }
    }
}
