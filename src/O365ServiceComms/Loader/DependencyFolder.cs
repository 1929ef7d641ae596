using System;
using System.IO;
using System.Reflection;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// Which assemblies the module loads from an engine folder instead of taking what the process has. One source for
    /// both loaders: the cmdlet assembly's (Windows PowerShell) and O365ServiceComms.LoadContext's (PowerShell 7).
    /// </summary>
    internal static class DependencyFolder
    {
        internal const string CmdletAssemblyName = "O365ServiceComms";
        internal const string OutputTypesAssemblyName = "O365ServiceComms.Shared";
        internal const string EngineAssemblyName = "O365ServiceComms.Engine";

        /// <summary>Whether the request is for the output types, which exist once, next to the cmdlets.</summary>
        public static bool IsOutputTypes(AssemblyName requested) =>
            string.Equals(requested?.Name, OutputTypesAssemblyName, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The path of the requested assembly in <paramref name="folder"/>, or null when the folder has no file of
        /// that name (framework assemblies, System.Management.Automation, and on PowerShell 7 Newtonsoft.Json, which
        /// pwsh ships) or the file is older than what is asked for. The cmdlets and the output types are never loaded
        /// twice.
        /// </summary>
        public static string Find(string folder, AssemblyName requested)
        {
            if (string.IsNullOrEmpty(requested?.Name)
                || requested.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
                || string.Equals(requested.Name, CmdletAssemblyName, StringComparison.OrdinalIgnoreCase)
                || IsOutputTypes(requested))
            {
                return null;
            }

            string path = Path.Combine(folder, requested.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            Version available = AssemblyName.GetAssemblyName(path).Version;
            return requested.Version == null || available >= requested.Version ? path : null;
        }
    }
}
