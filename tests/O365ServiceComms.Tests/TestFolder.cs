using System.IO;

namespace O365ServiceComms.Tests
{
    // The folder of the test assembly, with its Samples. Not AppContext.BaseDirectory: under Mono the xUnit console runs
    // the tests in its own application domain (-noappdomain, see build.ps1), whose base directory is the runner's.
    internal static class TestFolder
    {
        public static string Path { get; } = System.IO.Path.GetDirectoryName(typeof(TestFolder).Assembly.Location);

        public static string SampleText(string name) => File.ReadAllText(System.IO.Path.Combine(Path, "Samples", name));
    }
}
