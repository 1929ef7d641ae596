#if NET
using System.Reflection;
using System.Runtime.Loader;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// The module's private load context on PowerShell 7: the cmdlet assembly and every dependency found in the
    /// module's folder load here; everything else (the framework, PowerShell, Newtonsoft.Json and this assembly with
    /// the public output types) comes from the default context, so objects cross over with their real types.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public ModuleLoadContext(string folder)
            : base("O365ServiceComms", isCollectible: false)
        {
            _folder = folder;
        }

        protected override Assembly Load(AssemblyName assemblyName)
        {
            // The public output types must be the very types PowerShell knows, not a second copy.
            Assembly shared = typeof(ModuleLoadContext).Assembly;
            if (AssemblyName.ReferenceMatchesDefinition(assemblyName, shared.GetName()))
            {
                return shared;
            }

            string path = DependencyFolder.Find(_folder, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
#endif
