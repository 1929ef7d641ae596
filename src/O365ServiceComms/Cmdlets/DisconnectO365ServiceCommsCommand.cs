using System.Collections.Generic;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Forgets connections: the given tenants, or all of them. Naming tenants is of medium impact (-Confirm asks,
    /// -WhatIf shows); dropping several connections at once without naming them asks first, as a high-impact
    /// action would, unless -Force, -Confirm:$false or $ConfirmPreference = 'None' say not to.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "O365ServiceComms", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Disconnect-O365ServiceComms.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectO365ServiceCommsCommand : ServiceCommsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string[] TenantId { get; set; }

        /// <summary>Drops all connections without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessInput()
        {
            if (TenantId == null)
            {
                DisconnectAll();
                return;
            }

            foreach (string tenant in TenantId)
            {
                Connection connection = Connections.Find(tenant);
                if (connection == null)
                {
                    WriteError(ErrorKinds.Record(ServiceCommsErrorKind.TenantNotConnected, string.Format(Strings.DisconnectUnknownTenant, Strings.Quote(tenant), ConnectedTenantList()), tenant));
                    continue;
                }

                if (ShouldProcess(string.Format(Strings.DisconnectTarget, connection.TenantId), Strings.DisconnectAction))
                {
                    Connections.Remove(connection);
                    WriteVerbose(string.Format(Strings.Disconnected, connection.TenantId));
                }
            }
        }

        private void DisconnectAll()
        {
            IReadOnlyList<Connection> all = Connections.All;
            if (all.Count == 0)
            {
                WriteVerbose(Strings.DisconnectNothing);
                return;
            }

            string tenants = ConnectedTenantList();
            if (!ShouldProcess(string.Format(Strings.DisconnectAllTarget, all.Count, tenants), Strings.DisconnectAction))
            {
                return;
            }

            // The only connection is dropped as if named; several at once ask, unless the caller already answered.
            if (all.Count > 1 && !AlreadyConfirmed() && !ShouldContinue(string.Format(Strings.DisconnectAllQuery, all.Count, tenants), Strings.DisconnectAllCaption))
            {
                return;
            }

            foreach (Connection connection in all)
            {
                Connections.Remove(connection);
                WriteVerbose(string.Format(Strings.Disconnected, connection.TenantId));
            }
        }

        // -Force, an explicit -Confirm (asked already by ShouldProcess) or -Confirm:$false, or $ConfirmPreference None.
        private bool AlreadyConfirmed()
        {
            if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            object preference = GetVariableValue("ConfirmPreference");
            return preference is ConfirmImpact impact ? impact == ConfirmImpact.None
                : string.Equals(preference?.ToString(), "None", System.StringComparison.OrdinalIgnoreCase);
        }
    }
}
