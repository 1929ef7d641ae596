using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// Brings in the engine (O365ServiceComms.Engine) and its dependencies for the edition at hand, the first time
    /// they are needed; importing the module loads nothing but this assembly (and on PowerShell 7 the few lines of
    /// O365ServiceComms.LoadContext that tell the runtime where the engine is), then on PowerShell 7 lets
    /// <see cref="BackgroundWarmUp"/> load the engine and MSAL on a thread of its own. On PowerShell 7
    /// the engine, MSAL, Microsoft.IdentityModel.Abstractions, HtmlAgilityPack and System.ServiceModel.Syndication go
    /// into the module's own AssemblyLoadContext (bin/net8.0, or its ReadyToRun build for this platform, such as
    /// bin/net10.0-linux-x64), so other modules' copies of the same assemblies, in
    /// whatever version and import order, neither break this module nor are broken by it. Windows PowerShell has no
    /// load contexts: there the engine's dependencies are bound by name to the files in bin/net472, whatever version
    /// they ask for.
    /// </summary>
    internal static class EngineLoader
    {
        private static readonly object s_lock = new object();
        private static bool s_registered;
        private static ResolveEventHandler s_netFrameworkResolver;

        /// <summary>The folder of this assembly and the output types (the module's bin).</summary>
        internal static string BinFolder => Path.GetDirectoryName(typeof(EngineLoader).Assembly.Location);

        /// <summary>
        /// The engine build for a runtime: Windows PowerShell runs on .NET Framework 4.7.2 or later (".NET Framework
        /// 4.8.9181.0"), PowerShell 7.4 and later on .NET 8 or later (".NET 8.0.11").
        /// </summary>
        internal static string EngineFramework(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) ? NetFrameworkEngine : "net8.0";

        private const string NetFrameworkEngine = "net472";

        /// <summary>The runtime the ReadyToRun builds are compiled for: .NET 10 (PowerShell 7.6 and later).</summary>
        internal const int ReadyToRunRuntimeMajor = 10;

        /// <summary>
        /// The engine folder for PowerShell 7: the ReadyToRun build for this platform (bin/net10.0-linux-x64...) on
        /// .NET 10 or later where the module ships one, else the portable bin/net8.0. Precompiled code is specific to a
        /// platform (another platform refuses the file outright) and used only by the runtime it was compiled for (an
        /// older or newer one compiles the IL the file also holds), so any other platform and runtime takes the portable build.
        /// </summary>
        internal static string NetEngineFolder(string binFolder, int runtimeMajor, string platform)
        {
            if (platform != null && runtimeMajor >= ReadyToRunRuntimeMajor)
            {
                string folder = Path.Combine(binFolder, "net10.0-" + platform);
                if (File.Exists(Path.Combine(folder, DependencyFolder.EngineAssemblyName + ".dll")))
                {
                    return folder;
                }
            }

            return Path.Combine(binFolder, "net8.0");
        }

        /// <summary>The platform as ReadyToRun folders are named (linux-x64, win-x64, osx-arm64); null for any other.</summary>
        internal static string Platform(bool windows, bool linux, bool macOS, Architecture architecture)
        {
            string os = windows ? "win" : linux ? "linux" : macOS ? "osx" : null;
            string cpu = architecture == Architecture.X64 ? "x64" : architecture == Architecture.Arm64 ? "arm64" : null;
            return os == null || cpu == null ? null : os + "-" + cpu;
        }

        private static string CurrentPlatform() => Platform(
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows), RuntimeInformation.IsOSPlatform(OSPlatform.Linux),
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX), RuntimeInformation.ProcessArchitecture);

        /// <summary>Whether this is Windows PowerShell (.NET Framework), which has no load contexts.</summary>
        public static bool IsNetFramework => EngineFramework(RuntimeInformation.FrameworkDescription) == NetFrameworkEngine;

        /// <summary>Installs the resolver, once per process (a second Import-Module -Force runs OnImport again).</summary>
        public static void Register()
        {
            lock (s_lock)
            {
                if (s_registered)
                {
                    return;
                }

                bool netFramework = IsNetFramework;
                string unsupported = UnsupportedRuntimeMessage(netFramework, Environment.Version);
                if (unsupported != null)
                {
                    throw new PlatformNotSupportedException(unsupported);
                }

                string engineFolder = netFramework
                    ? Path.Combine(BinFolder, NetFrameworkEngine)
                    : NetEngineFolder(BinFolder, Environment.Version.Major, CurrentPlatform());
                string missing = MissingEngineMessage(engineFolder);
                if (missing != null)
                {
                    throw new FileNotFoundException(missing);
                }

                if (netFramework)
                {
                    RegisterForNetFramework(engineFolder);
                }
                else
                {
                    RegisterForNet(engineFolder);
                }

                s_registered = true;
            }
        }

        /// <summary>
        /// Why this runtime cannot run the module, or null when it can: PowerShell 7.0 to 7.3 run on .NET 6 or 7, which
        /// cannot load the engine built for .NET 8. Said here, at import, rather than as a load failure later on.
        /// </summary>
        internal static string UnsupportedRuntimeMessage(bool netFramework, Version runtimeVersion) =>
            netFramework || runtimeVersion.Major >= 8
                ? null
                : "O365ServiceComms needs PowerShell 7.4 or later (it runs on .NET 8), or Windows PowerShell 5.1; this PowerShell runs on .NET "
                  + runtimeVersion.ToString(2) + ". Install PowerShell 7.4 or later: https://aka.ms/powershell";

        /// <summary>
        /// Why the engine cannot be loaded from <paramref name="engineFolder"/>, or null when it can: said at import,
        /// rather than as a load failure in the first cmdlet, when a copy of the module lost files.
        /// </summary>
        internal static string MissingEngineMessage(string engineFolder)
        {
            string engine = Path.Combine(engineFolder, DependencyFolder.EngineAssemblyName + ".dll");
            return File.Exists(engine)
                ? null
                : "O365ServiceComms is incomplete: " + engine + " is missing. Install the module again (Install-PSResource O365ServiceComms -Reinstall) or copy the whole module folder.";
        }

        /// <summary>The output types' assembly: one, next to this one, for both editions.</summary>
        internal static string SharedPath => Path.Combine(BinFolder, DependencyFolder.OutputTypesAssemblyName + ".dll");

        // The load context is in an assembly of its own in bin/net8.0, called by reflection: this assembly must load on
        // .NET Framework, which has no AssemblyLoadContext to derive from. It serves the ReadyToRun folders too.
        private static void RegisterForNet(string folder)
        {
            Assembly loadContext = Assembly.LoadFrom(Path.Combine(BinFolder, "net8.0", "O365ServiceComms.LoadContext.dll"));
            loadContext.GetType("O365ServiceComms.Loader.ModuleLoadContext", throwOnError: true)
                .GetMethod("Register", BindingFlags.Public | BindingFlags.Static)
                .Invoke(null, new object[] { folder, SharedPath });
        }

        private static void RegisterForNetFramework(string folder)
        {
            s_netFrameworkResolver = NetFrameworkResolver(BinFolder, folder);
            AppDomain.CurrentDomain.AssemblyResolve += s_netFrameworkResolver;
        }

        /// <summary>
        /// Removes the Windows PowerShell resolver (Remove-Module), so that a module removed no longer answers anyone's
        /// binds; a later import installs it again.
        /// </summary>
        public static void Unregister()
        {
            lock (s_lock)
            {
                if (s_netFrameworkResolver == null)
                {
                    // PowerShell 7: the load context stays, as the assemblies loaded into it do; a new import reuses it.
                    return;
                }

                AppDomain.CurrentDomain.AssemblyResolve -= s_netFrameworkResolver;
                s_netFrameworkResolver = null;
                s_registered = false;
            }
        }

        /// <summary>
        /// Windows PowerShell has no binding redirects for a module's dependencies (System.Memory asks for an older
        /// System.Runtime.CompilerServices.Unsafe than System.Text.Json brings): the resolver binds them to the files in
        /// <paramref name="engineFolder"/>, but only for binds our own assemblies ask for. Az.Accounts or
        /// ExchangeOnlineManagement asking for their MSAL or Newtonsoft.Json get no answer from us (PSResourceGet's
        /// IsAssemblyMatching is the model).
        /// </summary>
        internal static ResolveEventHandler NetFrameworkResolver(string binFolder, string engineFolder) => (sender, args) =>
        {
            var requested = new AssemblyName(args.Name);
            if (!IsOurBind(args.RequestingAssembly, requested, binFolder, engineFolder))
            {
                return null;
            }

            if (DependencyFolder.IsOutputTypes(requested))
            {
                return Assembly.LoadFrom(Path.Combine(binFolder, DependencyFolder.OutputTypesAssemblyName + ".dll"));
            }

            string path = DependencyFolder.Find(engineFolder, requested);
            return path == null ? null : Assembly.LoadFrom(path);
        };

        /// <summary>
        /// Whether a failed bind is ours to answer: asked for by an assembly loaded from the module's bin or engine folder.
        /// .NET Framework sometimes does not know who asked (a bind by name through reflection): then only our own
        /// assemblies (O365ServiceComms.*) are answered, never a third-party name another module may also ship.
        /// </summary>
        internal static bool IsOurBind(Assembly requestingAssembly, AssemblyName requested, string binFolder, string engineFolder)
        {
            if (requestingAssembly == null)
            {
                return requested.Name != null && requested.Name.StartsWith(DependencyFolder.CmdletAssemblyName + ".", StringComparison.OrdinalIgnoreCase);
            }

            string location;
            try
            {
                location = requestingAssembly.IsDynamic ? null : requestingAssembly.Location;
            }
            catch (NotSupportedException)
            {
                location = null;
            }

            if (string.IsNullOrEmpty(location))
            {
                return false;
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(location));
            return SameFolder(folder, binFolder) || SameFolder(folder, engineFolder);
        }

        private static bool SameFolder(string a, string b) =>
            string.Equals(
                Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                StringComparison.OrdinalIgnoreCase);
    }
}
