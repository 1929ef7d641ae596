using System.Management.Automation;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Forgets connections: the given tenants, or all of them.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "O365ServiceComms")]
    [OutputType(typeof(void))]
    public sealed class DisconnectO365ServiceCommsCommand : ServiceCommsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] TenantId { get; set; }

        protected override void ProcessRecord()
        {
            if (TenantId == null)
            {
                Connections.Clear();
                return;
            }

            foreach (string tenant in TenantId)
            {
                var connection = Connections.Find(tenant);
                if (connection == null)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(string.Format(Strings.NotConnectedToTenant, tenant, ConnectedTenantList())),
                        ErrorIds.NotConnected, ErrorCategory.ObjectNotFound, tenant));
                    continue;
                }

                Connections.Remove(connection);
                WriteVerbose("Disconnected from tenant " + connection.TenantId + ".");
            }
        }
    }
}
