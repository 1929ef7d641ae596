using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Marks the rows of a command that read several tenants, so that the default views show a TenantId column
    /// (O365ServiceComms.Format.ps1xml selects them by the type name with <see cref="Suffix"/>). The tenants are read
    /// side by side and their rows come interleaved, which a group header could not follow.
    /// </summary>
    internal static class TenantColumn
    {
        public const string Suffix = "#Tenants";

        // Status objects that were marked, so that their incidents, piped on to Get-O365ServiceMessage, are marked too.
        private static readonly ConditionalWeakTable<object, object> s_marked = new ConditionalWeakTable<object, object>();

        public static PSObject Mark(object item)
        {
            PSObject wrapped = PSObject.AsPSObject(item);
            string typeName = item.GetType().FullName + Suffix;
            if (!wrapped.TypeNames.Contains(typeName))
            {
                wrapped.TypeNames.Insert(0, typeName);
            }

            if (item is ServiceStatus)
            {
                s_marked.GetValue(item, _ => typeName);
            }

            return wrapped;
        }

        public static bool IsMarked(ServiceStatus status) => status != null && s_marked.TryGetValue(status, out _);
    }
}
