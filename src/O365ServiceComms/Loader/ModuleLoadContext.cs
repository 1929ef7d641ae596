using System;
using System.Reflection;
using System.Runtime.Loader;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// The module's private load context on PowerShell 7: the engine and every dependency found in bin/net8.0 load
    /// here; everything else (the framework, PowerShell, Newtonsoft.Json, the output types) comes from the default
    /// context, so objects cross over with their real types. Only ever touched on .NET (Core): the type does not exist
    /// on .NET Framework.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        private ModuleLoadContext(string folder)
        {
            _folder = folder;
        }

        /// <summary>
        /// Answers the default context's one question it cannot answer itself: where the engine is (this assembly
        /// references it, but it is not next to this one).
        /// </summary>
        public static void Register(string folder)
        {
            var engine = new Lazy<Assembly>(() => new ModuleLoadContext(folder)
                .LoadFromAssemblyPath(System.IO.Path.Combine(folder, EngineLoader.EngineAssemblyName + ".dll")));
            Default.Resolving += (defaultContext, requested) =>
            {
                if (EngineLoader.IsShared(requested))
                {
                    return defaultContext.LoadFromAssemblyPath(EngineLoader.SharedPath);
                }

                return string.Equals(requested.Name, EngineLoader.EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
                    ? engine.Value
                    : null;
            };
        }

        protected override Assembly Load(AssemblyName assemblyName)
        {
            // The output types must be the very types PowerShell knows, not a second copy.
            if (EngineLoader.IsShared(assemblyName))
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }

            string path = DependencyFolder.Find(_folder, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
