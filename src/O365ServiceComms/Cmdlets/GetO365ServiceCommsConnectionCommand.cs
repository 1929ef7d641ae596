using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Lists the connections of this session, the default (latest) one last.</summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceCommsConnection", HelpUri = HelpLinks.Docs + "Get-O365ServiceCommsConnection.md")]
    [OutputType(typeof(ServiceCommsConnection))]
    public sealed class GetO365ServiceCommsConnectionCommand : ServiceCommsCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string[] TenantId { get; set; }

        protected override void EndCommand()
        {
            if (TenantId == null)
            {
                WriteObject(Connections.All.Select(connection => connection.Info).ToArray(), enumerateCollection: true);
                return;
            }

            foreach (string tenant in TenantId)
            {
                var matches = Connections.Match(new WildcardPattern(tenant, WildcardOptions.IgnoreCase).IsMatch).Select(connection => connection.Info).ToArray();
                if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(tenant))
                {
                    WriteError(ErrorKinds.Record(
                        ServiceCommsErrorKind.NotConnected, string.Format(Strings.NotConnectedToTenant, tenant, ConnectedTenantList()),
                        tenant, category: ErrorCategory.ObjectNotFound));
                }

                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
