using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// The connections of one session (the cmdlets pass PowerShell's runspace), so that two runspaces in one process,
    /// such as Azure Automation jobs or ForEach-Object -Parallel, never share or overwrite each other's sign-in.
    /// </summary>
    internal sealed class ConnectionStore
    {
        private static readonly ConditionalWeakTable<object, ConnectionStore> s_stores = new ConditionalWeakTable<object, ConnectionStore>();
        private static readonly ConnectionStore s_noSession = new ConnectionStore();

        private readonly object _lock = new object();

        // In connection order; the last one is the default for cmdlets without -TenantId.
        private readonly List<Connection> _connections = new List<Connection>();

        /// <summary>The store of the session; one shared store when there is none (null).</summary>
        public static ConnectionStore ForSession(object session) =>
            session == null ? s_noSession : s_stores.GetValue(session, _ => new ConnectionStore());

        public Connection Current
        {
            get
            {
                lock (_lock)
                {
                    return _connections.LastOrDefault();
                }
            }
        }

        public IReadOnlyList<Connection> All
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
        public void Add(Connection connection)
        {
            lock (_lock)
            {
                // A replaced connection's Info may still be held by the user: it is no longer the default.
                _connections.ForEach(existing => existing.Info.IsDefault = false);
                Predicate<Connection> replaced = existing => SameTenant(existing, connection.TenantId)
                    || (connection.Info.TenantGuid != null && existing.Info.TenantGuid == connection.Info.TenantGuid);
                foreach (Connection old in _connections.FindAll(replaced))
                {
                    old.Dispose();
                }

                _connections.RemoveAll(replaced);
                _connections.Add(connection);
                MarkDefault();
            }
        }

        public Connection Find(string tenantId)
        {
            lock (_lock)
            {
                return _connections.LastOrDefault(connection => SameTenant(connection, tenantId));
            }
        }

        /// <summary>
        /// The connections whose tenant matches (the cmdlets pass a wildcard pattern): the name given to Connect, or the
        /// tenant id its token carries; in connection order.
        /// </summary>
        public IReadOnlyList<Connection> Match(Func<string, bool> isMatch)
        {
            lock (_lock)
            {
                return _connections.Where(connection =>
                    isMatch(connection.Info.TenantId ?? string.Empty)
                    || (connection.Info.TenantGuid != null && isMatch(connection.Info.TenantGuid.Value.ToString()))).ToArray();
            }
        }

        public bool Remove(Connection connection)
        {
            lock (_lock)
            {
                bool removed = _connections.Remove(connection);
                connection.Info.IsDefault = false;
                MarkDefault();
                if (removed)
                {
                    connection.Dispose();
                }

                return removed;
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                foreach (Connection connection in _connections)
                {
                    connection.Info.IsDefault = false;
                    connection.Dispose();
                }

                _connections.Clear();
            }
        }

        // Under the lock: the last connection is the default, and its Info says so.
        private void MarkDefault()
        {
            for (int i = 0; i < _connections.Count; i++)
            {
                _connections[i].Info.IsDefault = i == _connections.Count - 1;
            }
        }

        // By the name given to Connect (id or domain), or by the tenant id its token carries.
        private static bool SameTenant(Connection connection, string tenantId) => connection.IsTenant(tenantId);
    }
}
