using System.IO;
using O365ServiceComms.Loader;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Which engine build each edition loads (RuntimeInformation.FrameworkDescription as each runtime writes it).</summary>
    public sealed class EngineLoaderTests
    {
        [Theory]
        [InlineData(".NET Framework 4.7.3416.0", "net472")]
        [InlineData(".NET Framework 4.8.9181.0", "net472")]
        [InlineData(".NET 8.0.11", "net8.0")]
        [InlineData(".NET 10.0.0", "net8.0")]
        public void PicksTheEngineBuildForTheRuntime(string frameworkDescription, string expected)
        {
            Assert.Equal(expected, EngineLoader.EngineFramework(frameworkDescription));
        }

        [Theory]
        [InlineData(6, 0)]
        [InlineData(7, 0)]
        public void RefusesPowerShell70To73WithAMessageThatSaysWhatToInstall(int major, int minor)
        {
            string message = EngineLoader.UnsupportedRuntimeMessage(netFramework: false, new System.Version(major, minor, 5));
            Assert.Contains("needs PowerShell 7.4 or later", message);
            Assert.Contains(".NET " + major + "." + minor, message);
        }

        [Theory]
        [InlineData(false, 8)]
        [InlineData(false, 10)]
        [InlineData(true, 4)]
        public void AcceptsDotNet8AndLaterAndDotNetFramework(bool netFramework, int major)
        {
            Assert.Null(EngineLoader.UnsupportedRuntimeMessage(netFramework, new System.Version(major, 0, 0)));
        }

        [Fact]
        public void SaysWhichEngineFileIsMissingAndHowToMendIt()
        {
            string folder = Path.Combine(Path.GetTempPath(), "O365SC-engine-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string message = EngineLoader.MissingEngineMessage(folder);
                Assert.Contains(Path.Combine(folder, "O365ServiceComms.Engine.dll") + " is missing", message);
                Assert.Contains("Install the module again", message);

                File.WriteAllBytes(Path.Combine(folder, "O365ServiceComms.Engine.dll"), new byte[] { 0 });
                Assert.Null(EngineLoader.MissingEngineMessage(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Theory]
        [InlineData(true, false, false, System.Runtime.InteropServices.Architecture.X64, "win-x64")]
        [InlineData(false, true, false, System.Runtime.InteropServices.Architecture.X64, "linux-x64")]
        [InlineData(false, true, false, System.Runtime.InteropServices.Architecture.Arm64, "linux-arm64")]
        [InlineData(false, false, true, System.Runtime.InteropServices.Architecture.Arm64, "osx-arm64")]
        [InlineData(false, true, false, System.Runtime.InteropServices.Architecture.X86, null)]
        [InlineData(false, false, false, System.Runtime.InteropServices.Architecture.X64, null)]
        public void NamesThePlatformAsTheReadyToRunFoldersDo(bool windows, bool linux, bool macOS, System.Runtime.InteropServices.Architecture architecture, string expected)
        {
            Assert.Equal(expected, EngineLoader.Platform(windows, linux, macOS, architecture));
        }

        [Fact]
        public void TakesTheReadyToRunEngineOnlyForItsPlatformAndDotNet10OrLater()
        {
            string bin = Path.Combine(Path.GetTempPath(), "O365SC-bin-" + System.Guid.NewGuid().ToString("N"));
            string readyToRun = Path.Combine(bin, "net10.0-linux-x64");
            Directory.CreateDirectory(readyToRun);
            try
            {
                string portable = Path.Combine(bin, "net8.0");

                // A folder without its engine (a copy that lost it) is not taken.
                Assert.Equal(portable, EngineLoader.NetEngineFolder(bin, 10, "linux-x64"));

                File.WriteAllBytes(Path.Combine(readyToRun, "O365ServiceComms.Engine.dll"), new byte[] { 0 });
                Assert.Equal(readyToRun, EngineLoader.NetEngineFolder(bin, 10, "linux-x64"));
                Assert.Equal(readyToRun, EngineLoader.NetEngineFolder(bin, 11, "linux-x64"));

                // .NET 8 and 9 (PowerShell 7.4, 7.5) cannot load a build for .NET 10; other platforms refuse its code.
                Assert.Equal(portable, EngineLoader.NetEngineFolder(bin, 8, "linux-x64"));
                Assert.Equal(portable, EngineLoader.NetEngineFolder(bin, 9, "linux-x64"));
                Assert.Equal(portable, EngineLoader.NetEngineFolder(bin, 10, "win-x64"));
                Assert.Equal(portable, EngineLoader.NetEngineFolder(bin, 10, null));
            }
            finally
            {
                Directory.Delete(bin, recursive: true);
            }
        }

        [Fact]
        public void KnowsTheOutputTypesByName()
        {
            Assert.True(DependencyFolder.IsOutputTypes(typeof(ServiceStatus).Assembly.GetName()));
            Assert.False(DependencyFolder.IsOutputTypes(typeof(EngineLoader).Assembly.GetName()));
        }
    }
}
