using System;
using System.IO;
using System.Reflection;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// Loads the cmdlet assembly for O365ServiceComms.psm1, which imports the cmdlets from it. On PowerShell 7 the
    /// cmdlets and their dependencies (MSAL, Microsoft.IdentityModel.Abstractions, HtmlAgilityPack) go into the
    /// module's own AssemblyLoadContext, so other modules' copies of the same assemblies, in whatever version and
    /// import order, neither break this module nor are broken by it. Windows PowerShell has no load contexts: there
    /// the dependencies of our folder are resolved by name, whatever version the assemblies ask for.
    /// </summary>
    public static class ModuleLoader
    {
        internal const string CmdletAssemblyName = "O365ServiceComms";

        private static readonly object s_lock = new object();
        private static Assembly s_cmdletAssembly;

        /// <summary>The cmdlet assembly next to this one, loaded once per process.</summary>
        public static Assembly LoadCmdletAssembly()
        {
            lock (s_lock)
            {
                if (s_cmdletAssembly == null)
                {
                    string folder = Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location);
                    s_cmdletAssembly = Load(folder, Path.Combine(folder, CmdletAssemblyName + ".dll"));
                }

                return s_cmdletAssembly;
            }
        }

#if NETFRAMEWORK
        private static Assembly Load(string folder, string cmdletAssemblyPath)
        {
            // Windows PowerShell has no binding redirects for a module's dependencies (System.Memory asks for an older
            // System.Runtime.CompilerServices.Unsafe than System.Text.Json brings): bind them to the files we ship.
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
            {
                string path = DependencyFolder.Find(folder, new AssemblyName(args.Name));
                return path == null ? null : Assembly.LoadFrom(path);
            };
            return Assembly.LoadFrom(cmdletAssemblyPath);
        }
#else
        private static Assembly Load(string folder, string cmdletAssemblyPath) =>
            new ModuleLoadContext(folder).LoadFromAssemblyPath(cmdletAssemblyPath);
#endif
    }
}
