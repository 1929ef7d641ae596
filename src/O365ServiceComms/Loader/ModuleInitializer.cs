using System.Management.Automation;

namespace O365ServiceComms.Loader
{
    /// <summary>
    /// Run by Import-Module: makes the engine loadable before any cmdlet runs, and on PowerShell 7 starts getting it
    /// ready in the background. Run by Remove-Module: takes the Windows PowerShell resolver out again.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport()
        {
            EngineLoader.Register();
            if (!EngineLoader.IsNetFramework)
            {
                BackgroundWarmUp.Start();
            }
        }

        public void OnRemove(PSModuleInfo module) => EngineLoader.Unregister();
    }
}
