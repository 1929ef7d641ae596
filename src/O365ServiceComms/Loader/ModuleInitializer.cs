using System.Management.Automation;

namespace O365ServiceComms.Loader
{
    /// <summary>Run by Import-Module: makes the engine loadable before any cmdlet runs.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport() => EngineLoader.Register();
    }
}
