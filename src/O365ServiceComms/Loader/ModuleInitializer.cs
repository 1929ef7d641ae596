using System.Management.Automation;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// Run by Import-Module: makes the engine loadable before any cmdlet runs. Run by Remove-Module: takes the Windows
    /// PowerShell resolver out again.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => EngineLoader.Register();

        public void OnRemove(PSModuleInfo module) => EngineLoader.Unregister();
    }
}
