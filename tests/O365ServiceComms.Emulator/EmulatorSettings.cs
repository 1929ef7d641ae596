namespace O365ServiceComms.Emulator;

/// <summary>Run-time knobs the tests change through POST /_emulator/settings. Immutable: swapped as a whole.</summary>
internal sealed record EmulatorSettings
{
    public static readonly EmulatorSettings Default = new();

    /// <summary>Upper bound on a Graph page, on top of the service's own 1000; null = none.</summary>
    public int? MaxPageSize { get; init; }

    /// <summary>expires_in of issued access tokens.</summary>
    public int TokenLifetimeSeconds { get; init; } = 3599;
}

internal sealed class SettingsStore
{
    private EmulatorSettings _current = EmulatorSettings.Default;

    public EmulatorSettings Current => Volatile.Read(ref _current);

    public void Set(EmulatorSettings settings) => Volatile.Write(ref _current, settings);

    public void Reset() => Set(EmulatorSettings.Default);
}

/// <summary>The emulator's own origin (https://127.0.0.1:PORT), known once Kestrel listens.</summary>
internal sealed class ServerAddress
{
    private string? _baseUrl;

    public string? BaseUrl
    {
        get => Volatile.Read(ref _baseUrl);
        set => Volatile.Write(ref _baseUrl, value);
    }

    /// <summary>The configured origin, or the request's own before the READY line was printed.</summary>
    public string For(HttpContext context) => BaseUrl ?? $"{context.Request.Scheme}://{context.Request.Host}";
}
