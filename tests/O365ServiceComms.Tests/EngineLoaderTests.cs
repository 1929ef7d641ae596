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

        [Fact]
        public void KnowsTheOutputTypesByName()
        {
            Assert.True(DependencyFolder.IsOutputTypes(typeof(ServiceStatus).Assembly.GetName()));
            Assert.False(DependencyFolder.IsOutputTypes(typeof(EngineLoader).Assembly.GetName()));
        }
    }
}
