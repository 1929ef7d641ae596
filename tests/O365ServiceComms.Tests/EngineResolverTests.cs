using System;
using System.IO;
using System.Reflection;
using O365ServiceComms.Graph;
using O365ServiceComms.Loader;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>
    /// The Windows PowerShell resolver answers the binds of our own assemblies only: another module's request for MSAL or
    /// Newtonsoft.Json is not answered from our bin/net472.
    /// </summary>
    public sealed class EngineResolverTests
    {
        private static readonly Assembly s_engine = typeof(GraphClient).Assembly;
        private static readonly string s_engineFolder = Path.GetDirectoryName(s_engine.Location);
        private static readonly string s_elsewhere = Path.Combine(Path.GetTempPath(), "o365sc-not-the-module");

        [Fact]
        public void AnswersBindsAskedForByAnAssemblyOfTheModulesFolders()
        {
            var newtonsoft = new AssemblyName("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed");
            Assert.True(EngineLoader.IsOurBind(s_engine, newtonsoft, s_elsewhere, s_engineFolder));
            Assert.True(EngineLoader.IsOurBind(s_engine, newtonsoft, s_engineFolder, s_elsewhere));
        }

        [Fact]
        public void LeavesOtherModulesBindsAlone()
        {
            var msal = new AssemblyName("Microsoft.Identity.Client, Version=4.61.3.0");
            // Loaded from another folder than the module's (here: the runtime's own).
            Assert.False(EngineLoader.IsOurBind(typeof(object).Assembly, msal, s_elsewhere, s_engineFolder));
            Assert.False(EngineLoader.IsOurBind(s_engine, msal, s_elsewhere, s_elsewhere + "2"));
        }

        [Fact]
        public void AnswersABindOfUnknownOriginOnlyForTheModulesOwnAssemblies()
        {
            Assert.True(EngineLoader.IsOurBind(null, new AssemblyName("O365ServiceComms.Engine"), s_elsewhere, s_engineFolder));
            Assert.True(EngineLoader.IsOurBind(null, new AssemblyName("O365ServiceComms.Shared"), s_elsewhere, s_engineFolder));
            Assert.False(EngineLoader.IsOurBind(null, new AssemblyName("Newtonsoft.Json"), s_elsewhere, s_engineFolder));
            Assert.False(EngineLoader.IsOurBind(null, new AssemblyName("Microsoft.Identity.Client"), s_elsewhere, s_engineFolder));
        }

        [Fact]
        public void TheResolverLoadsFromTheEngineFolderForUsAndGivesOthersNothing()
        {
            ResolveEventHandler resolver = EngineLoader.NetFrameworkResolver(s_elsewhere, s_engineFolder);
            string name = typeof(Newtonsoft.Json.JsonConvert).Assembly.FullName;

            Assembly ours = resolver(null, new ResolveEventArgs(name, s_engine));
            Assert.NotNull(ours);
            Assert.Equal(Path.Combine(s_engineFolder, "Newtonsoft.Json.dll"), ours.Location);

            Assert.Null(resolver(null, new ResolveEventArgs(name, typeof(object).Assembly)));
            Assert.Null(resolver(null, new ResolveEventArgs(name, null)));
        }

        [Fact]
        public void UnregisteringWithoutARegisteredResolverDoesNothing()
        {
            EngineLoader.Unregister();
            EngineLoader.Unregister();
        }
    }
}
