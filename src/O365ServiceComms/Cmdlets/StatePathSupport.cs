using System;
using System.Globalization;
using System.Management.Automation;
using O365ServiceComms.Graph;
using O365ServiceComms.State;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>What -StatePath adds to Get-O365ServiceMessage: open the file, filter each list, save the file.</summary>
    internal static class StatePathSupport
    {
        /// <summary>Reads the state file; a file that cannot be read or understood stops the command before any request.</summary>
        public static MessageStateFile Open(ServiceCommsCmdlet cmdlet, string statePath, string tenantId)
        {
            string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath);
            try
            {
                MessageStateFile state = MessageStateFile.Load(path, tenantId);
                WarnIfUntrusted(cmdlet, state);
                cmdlet.WriteVerbose(Describe(state, tenantId));
                return state;
            }
            catch (StateFileException exception)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordOf(exception, path));
                return null;
            }
        }

        /// <summary>
        /// Reads the state file once for several tenants read side by side; each takes its part with
        /// <see cref="MessageStateFile.ForTenant"/>, and <see cref="Save"/> writes them all at the end.
        /// </summary>
        public static MessageStateFile OpenForTenants(ServiceCommsCmdlet cmdlet, string statePath, int tenantCount)
        {
            string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath);
            try
            {
                MessageStateFile state = MessageStateFile.Load(path, tenantId: null);
                WarnIfUntrusted(cmdlet, state);
                cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, Strings.StateFileTenantsOpened, path, tenantCount));
                return state;
            }
            catch (StateFileException exception)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordOf(exception, path));
                return null;
            }
        }

        /// <summary>A state file that cannot be trusted is never silently empty: the warning names it, and why.</summary>
        private static void WarnIfUntrusted(ServiceCommsCmdlet cmdlet, MessageStateFile state)
        {
            if (state.UntrustedReason != null)
            {
                cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture, Strings.StateFileUntrusted, state.Path, state.UntrustedReason, state.UntrustedCopyPath));
            }
        }

        /// <summary>The verbose line saying what the state file knows of a tenant.</summary>
        public static string Describe(MessageStateFile state, string tenantId) =>
            state.IsFirstRun
                ? string.Format(CultureInfo.InvariantCulture, "State file {0} has nothing for tenant {1} yet: reading every item.", state.Path, tenantId)
                : string.Format(CultureInfo.InvariantCulture, "State file {0}: returning only items of tenant {1} that are new or changed since the last run.", state.Path, tenantId);

        /// <summary>
        /// The time from which to ask for the list's items, or null when the state knows none (first run), saying so
        /// through <paramref name="writeVerbose"/> (a tenant's output, from any thread).
        /// </summary>
        public static DateTime? Since(Action<string> writeVerbose, string collection, CollectionState state)
        {
            if (state?.Since == null)
            {
                return null;
            }

            writeVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: {1} item(s) known from the state file; asking for those changed since {2:u} (the newest known update, at most the start of the read that saw it, less {3} minutes).",
                collection, state.KnownCount, state.Since, MessageStateFile.Overlap.TotalMinutes));
            return state.Since;
        }

        /// <summary>
        /// Writes what the lists read to their end now hold. Called only when the command got that far: a stopped
        /// pipeline or a terminating error leaves the file as it was, and a list that failed keeps its old state.
        /// </summary>
        public static void Save(ServiceCommsCmdlet cmdlet, MessageStateFile state)
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

        private static ErrorRecord ErrorRecordOf(StateFileException exception, string path) =>
            ErrorKinds.Record(exception.Kind, exception.Message, path, exception);
    }
}
