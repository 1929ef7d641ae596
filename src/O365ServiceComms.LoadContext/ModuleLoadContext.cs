using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// The module's private load context on PowerShell 7: the engine and every dependency found in bin/net8.0 load
    /// here; everything else (the framework, PowerShell, Newtonsoft.Json, the output types) comes from the default
    /// context, so objects cross over with their real types.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        private ModuleLoadContext(string folder)
            : base("O365ServiceComms", isCollectible: false)
        {
            _folder = folder;
        }

        /// <summary>
        /// Called once per process by the cmdlet assembly (EngineLoader): answers the default context's questions it
        /// cannot answer itself, where the engine is (the cmdlets reference it, but it is not next to them) and where
        /// the output types are.
        /// </summary>
        public static void Register(string engineFolder, string sharedAssemblyPath)
        {
            var engine = new Lazy<Assembly>(() => new ModuleLoadContext(engineFolder)
                .LoadFromAssemblyPath(Path.Combine(engineFolder, DependencyFolder.EngineAssemblyName + ".dll")));
            Default.Resolving += (defaultContext, requested) =>
            {
                if (DependencyFolder.IsOutputTypes(requested))
                {
                    return defaultContext.LoadFromAssemblyPath(sharedAssemblyPath);
                }

                return string.Equals(requested.Name, DependencyFolder.EngineAssemblyName, StringComparison.OrdinalIgnoreCase) ? engine.Value : null;
            };
        }

        protected override Assembly Load(AssemblyName assemblyName)
        {
            // The output types must be the very types PowerShell knows, not a second copy.
            if (DependencyFolder.IsOutputTypes(assemblyName))
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }

            string path = DependencyFolder.Find(_folder, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
