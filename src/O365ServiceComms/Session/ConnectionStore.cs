using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// The connections of one runspace (a PowerShell session), so that two runspaces in one process, such as
    /// Azure Automation jobs or ForEach-Object -Parallel, never share or overwrite each other's sign-in.
    /// </summary>
    internal sealed class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, ConnectionStore> s_stores = new ConditionalWeakTable<Runspace, ConnectionStore>();
        private static readonly ConnectionStore s_noRunspace = new ConnectionStore();

        private readonly object _lock = new object();

        // In connection order; the last one is the default for cmdlets without -TenantId.
        private readonly List<ServiceCommsConnection> _connections = new List<ServiceCommsConnection>();

        public static ConnectionStore ForCurrentRunspace()
        {
            Runspace runspace = Runspace.DefaultRunspace;
            return runspace == null ? s_noRunspace : s_stores.GetValue(runspace, _ => new ConnectionStore());
        }

        public ServiceCommsConnection Current
        {
            get
            {
                lock (_lock)
                {
                    return _connections.LastOrDefault();
                }
            }
        }

        public IReadOnlyList<ServiceCommsConnection> All
        {
            get
            {
                lock (_lock)
                {
                    return _connections.ToArray();
                }
            }
        }

        /// <summary>
        /// Adds the connection; it replaces an earlier one to the same tenant (named alike, or with the same tenant id
        /// in its token) and becomes the default.
        /// </summary>
        public void Add(ServiceCommsConnection connection)
        {
            lock (_lock)
            {
                _connections.RemoveAll(existing => SameTenant(existing, connection.TenantId)
                    || (connection.TenantGuid != null && existing.TenantGuid == connection.TenantGuid));
                _connections.Add(connection);
            }
        }

        public ServiceCommsConnection Find(string tenantId)
        {
            lock (_lock)
            {
                return _connections.LastOrDefault(connection => SameTenant(connection, tenantId));
            }
        }

        public bool Remove(ServiceCommsConnection connection)
        {
            lock (_lock)
            {
                return _connections.Remove(connection);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _connections.Clear();
            }
        }

        // By the name given to Connect (id or domain), or by the tenant id its token carries.
        private static bool SameTenant(ServiceCommsConnection connection, string tenantId) => connection.IsTenant(tenantId);
    }
}
