using System;
using System.IO;
using System.Reflection;
using O365ServiceComms.Loader;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>The rule both editions use to load a dependency from the module's folder (EngineLoader).</summary>
    public sealed class DependencyFolderTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "O365SC-deps-" + Guid.NewGuid().ToString("N"));
        private readonly Version _shipped;

        public DependencyFolderTests()
        {
            Directory.CreateDirectory(_folder);
            string newtonsoft = typeof(Newtonsoft.Json.JsonConvert).Assembly.Location;
            File.Copy(newtonsoft, Path.Combine(_folder, "Newtonsoft.Json.dll"));
            _shipped = AssemblyName.GetAssemblyName(newtonsoft).Version;
            File.Copy(typeof(DependencyFolder).Assembly.Location, Path.Combine(_folder, "O365ServiceComms.dll"));
            File.Copy(typeof(ServiceStatus).Assembly.Location, Path.Combine(_folder, "O365ServiceComms.Shared.dll"));
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void FindsAShippedAssemblyAskedForInItsOwnOrAnOlderVersion()
        {
            Assert.Equal(Path.Combine(_folder, "Newtonsoft.Json.dll"), DependencyFolder.Find(_folder, Named("Newtonsoft.Json", _shipped)));
            Assert.Equal(Path.Combine(_folder, "Newtonsoft.Json.dll"), DependencyFolder.Find(_folder, Named("Newtonsoft.Json", new Version(6, 0, 0, 0))));
            Assert.Equal(Path.Combine(_folder, "Newtonsoft.Json.dll"), DependencyFolder.Find(_folder, new AssemblyName("Newtonsoft.Json")));
        }

        [Fact]
        public void LeavesANewerVersionThanShippedToTheProcess()
        {
            Assert.Null(DependencyFolder.Find(_folder, Named("Newtonsoft.Json", new Version(_shipped.Major + 1, 0, 0, 0))));
        }

        [Fact]
        public void LeavesWhatTheFolderDoesNotHaveToTheProcess()
        {
            Assert.Null(DependencyFolder.Find(_folder, Named("System.Management.Automation", new Version(3, 0, 0, 0))));
            Assert.Null(DependencyFolder.Find(_folder, Named("System.Runtime", new Version(8, 0, 0, 0))));
        }

        [Fact]
        public void NeverLoadsASecondCopyOfTheCmdletsOrTheOutputTypes()
        {
            Assert.Null(DependencyFolder.Find(_folder, typeof(DependencyFolder).Assembly.GetName()));
            Assert.Null(DependencyFolder.Find(_folder, typeof(ServiceStatus).Assembly.GetName()));
        }

        [Fact]
        public void RefusesNamesThatAreNoFileNames()
        {
            Assert.Null(DependencyFolder.Find(_folder, new AssemblyName { Name = "../Newtonsoft.Json" }));
        }

        private static AssemblyName Named(string name, Version version) => new AssemblyName(name) { Version = version };
    }
}
