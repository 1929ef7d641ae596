using System.Diagnostics;
using System.Net;
using O365ServiceComms.Emulator;

// Emulates the Entra ID v2.0 token endpoint and Microsoft Graph /v1.0/admin/serviceAnnouncement
// on https://127.0.0.1:PORT for the Pester tests and the demo. See README.md.

if (!EmulatorOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(EmulatorOptions.Usage);
    return 2;
}
if (options.ShowHelp)
{
    Console.Out.WriteLine(EmulatorOptions.Usage);
    return 0;
}
if (options.ParentPid is int pid && !ParentProcess.IsAlive(pid))
{
    Console.Error.WriteLine($"Parent process {pid} is not running.");
    return 3;
}

var temporaryTlsDirectory = options.TlsDirectory is null ? Directory.CreateTempSubdirectory("o365sc-emulator-").FullName : null;
var tlsDirectory = options.TlsDirectory ?? temporaryTlsDirectory!;
using var certificate = TlsCertificate.LoadOrCreate(tlsDirectory);
if (temporaryTlsDirectory is not null)
{
    Console.Error.WriteLine($"TLS certificate: {Path.Combine(temporaryTlsDirectory, TlsCertificate.CertificateFileName)}");
}

var instances = new EmulatorInstances(certificate);
var (app, baseUrl) = await instances.StartRootAsync(options.Port);

Console.Out.WriteLine($"READY {baseUrl}");
Console.Out.Flush();

if (options.ParentPid is int parentPid)
{
    _ = ParentProcess.StopWhenGoneAsync(parentPid, app.Lifetime);
}

await app.WaitForShutdownAsync();
await instances.StopAllAsync();

if (temporaryTlsDirectory is not null)
{
    try
    {
        Directory.Delete(temporaryTlsDirectory, recursive: true);
    }
    catch (IOException)
    {
        // Best effort: it is a temp directory.
    }
}
return 0;

/// <summary>Command line: [--tls-dir DIR] [--port N] [--parent-pid PID].</summary>
internal sealed record EmulatorOptions(string? TlsDirectory, int Port, int? ParentPid, bool ShowHelp)
{
    public const string Usage =
        "Usage: dotnet O365ServiceComms.Emulator.dll [--tls-dir DIR] [--port N] [--parent-pid PID]\n" +
        "  --tls-dir DIR     use DIR/emulator.pem (test CA) + DIR/emulator-server.pem/.key (the leaf it signed), creating them if missing (default: a new temp dir)\n" +
        "  --port N          listen on https://127.0.0.1:N (default 0: any free port)\n" +
        "  --parent-pid PID  exit when process PID exits\n" +
        "Prints 'READY https://127.0.0.1:PORT' on stdout once listening.";

    public static bool TryParse(string[] args, out EmulatorOptions options, out string? error)
    {
        options = new EmulatorOptions(null, 0, null, false);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? value = null;
            var eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name is "--help" or "-h" or "-?")
            {
                options = options with { ShowHelp = true };
                continue;
            }
            if (name is not ("--tls-dir" or "--port" or "--parent-pid"))
            {
                error = $"Unknown argument '{args[i]}'.";
                return false;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"Missing value for {name}.";
                    return false;
                }
                value = args[++i];
            }

            switch (name)
            {
                case "--tls-dir":
                    options = options with { TlsDirectory = Path.GetFullPath(value) };
                    break;
                case "--port" when int.TryParse(value, out var port) && port is >= 0 and <= 65535:
                    options = options with { Port = port };
                    break;
                case "--parent-pid" when int.TryParse(value, out var parent) && parent > 0:
                    options = options with { ParentPid = parent };
                    break;
                default:
                    error = $"Invalid value '{value}' for {name}.";
                    return false;
            }
        }
        return true;
    }
}

/// <summary>Stops the emulator when the process that started it is gone, so test runs leave no orphans.</summary>
internal static class ParentProcess
{
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A dead parent whose own parent has not reaped it yet is a zombie, which Process reports as running.
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[stat.LastIndexOf(')') + 2];
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public static async Task StopWhenGoneAsync(int pid, IHostApplicationLifetime lifetime)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping))
            {
                if (!IsAlive(pid))
                {
                    Console.Error.WriteLine($"Parent process {pid} exited; stopping.");
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down anyway.
        }
    }
}
