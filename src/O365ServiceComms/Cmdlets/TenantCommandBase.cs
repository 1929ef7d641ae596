using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// A command that works with one connection: -TenantId names it, or the latest connection serves. The connection
    /// is resolved when the command begins; a command that checks its own parameters first overrides BeginCommand and
    /// calls this one after its checks.
    /// </summary>
    public abstract class TenantCommandBase : ServiceCommsCmdlet
    {
        /// <summary>The tenant; by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string TenantId { get; set; }

        /// <summary>The connection the command works with, once BeginCommand resolved it.</summary>
        internal Connection Connection { get; private set; }

        protected override void BeginCommand()
        {
            Connection = ResolveConnection(TenantId);
        }
    }
}
