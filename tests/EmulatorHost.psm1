# Starts and drives the O365ServiceComms emulator (Entra token endpoint + Graph service communications API)
# for the Pester tests and the demo. It listens on 127.0.0.1 only.

$script:RepoRoot = Split-Path $PSScriptRoot -Parent

# The demo tenant the emulator serves (see tests/O365ServiceComms.Emulator/DemoTenant.cs).
$script:Demo = [pscustomobject]@{
    TenantId       = 'b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10'
    TenantDomain   = 'contoso.onmicrosoft.com'
    ClientId       = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'
    # Not a secret: the emulator's demo app, known to nothing but the emulator.
    ClientSecret   = 'Demo~Secret~0123456789'
    NoConsentClientId     = '0f9a7c21-8d44-4b7e-a1c2-3e9d5b6f7a80'
    NoConsentClientSecret = 'NoConsent~Secret~42'
}

function Get-DemoTenant { $script:Demo }

# An emulator of its own for the caller. In a test run (tests/Invoke-PesterTests.ps1) one emulator process serves the
# whole run: $env:O365SC_EMULATOR_HOST names it, and each caller gets an emulator of its own inside it (own ports,
# tenants, settings, faults and request log; see tests/O365ServiceComms.Emulator/EmulatorInstances.cs). Otherwise, or
# with -OwnProcess or a TLS folder of its own, a new emulator process starts.
function Start-Emulator {
    [CmdletBinding()]
    param(
        [string] $Configuration = $(if ($env:O365SC_CONFIGURATION) { $env:O365SC_CONFIGURATION } else { 'Release' }),
        [string] $TlsDirectory,
        [int] $TimeoutSeconds = 60,
        [switch] $OwnProcess
    )
    if ($env:O365SC_EMULATOR_HOST -and -not $OwnProcess -and -not $TlsDirectory) {
        $instance = Invoke-RestMethod -Method Post -Uri "$env:O365SC_EMULATOR_HOST/_emulator/instances" -ContentType 'application/json' -Body '{}' -TimeoutSec $TimeoutSeconds
        return [pscustomobject]@{
            PSTypeName      = 'O365ServiceComms.Emulator'
            Process         = $null
            BaseUri         = $instance.baseUri
            HostUri         = $env:O365SC_EMULATOR_HOST
            CertificatePath = Join-Path (Get-EmulatorTlsDirectory) 'emulator.pem'
        }
    }
    if (-not $TlsDirectory) { $TlsDirectory = Get-EmulatorTlsDirectory }
    $dll = Join-Path $script:RepoRoot "tests/O365ServiceComms.Emulator/bin/$Configuration/net10.0/O365ServiceComms.Emulator.dll"
    if (-not (Test-Path $dll)) { throw "The emulator is not built ($dll). Run ./build.ps1 -Task Test." }
    New-Item -ItemType Directory -Path $TlsDirectory -Force | Out-Null

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--tls-dir', $TlsDirectory, '--parent-pid', $PID)) { $start.ArgumentList.Add([string]$argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or -not $readLine.Result) {
        $process.Kill($true)
        throw "The emulator did not start: $($process.StandardError.ReadToEnd())"
    }
    if ($readLine.Result -notmatch '^READY (https://\S+)$') {
        $process.Kill($true)
        throw "Unexpected first line from the emulator: $($readLine.Result)"
    }
    $baseUri = $Matches[1]
    [pscustomobject]@{
        PSTypeName   = 'O365ServiceComms.Emulator'
        Process      = $process
        BaseUri      = $baseUri
        HostUri      = $null
        CertificatePath = Join-Path $TlsDirectory 'emulator.pem'
    }
}

function Get-EmulatorTlsDirectory {
    if ($env:O365SC_TLS_DIR) { $env:O365SC_TLS_DIR } else { Join-Path $script:RepoRoot 'out/tls' }
}

function Stop-Emulator {
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process) {
        $port = ([uri]$Emulator.BaseUri).Port
        Invoke-RestMethod -Method Delete -Uri "$($Emulator.HostUri)/_emulator/instances/$port" | Out-Null
        return
    }
    if (-not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        $Emulator.Process.WaitForExit(10000) | Out-Null
    }
    $Emulator.Process.Dispose()
}

function Invoke-EmulatorControl {
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [ValidateSet('Get', 'Post')] [string] $Method = 'Get',
        [object] $Body
    )
    $parameters = @{ Uri = "$($Emulator.BaseUri)/_emulator/$Path"; Method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = $Body | ConvertTo-Json -Compress -Depth 5
        $parameters.ContentType = 'application/json'
    }
    elseif ($Method -eq 'Post') {
        $parameters.Body = '{}'
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

# Every request the emulator received since it started or was last reset.
function Get-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator)
    @(Invoke-EmulatorControl -Emulator $Emulator -Path 'requests') | ForEach-Object { $_ }
}

function Reset-Emulator {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'reset' -Method Post | Out-Null
}

function Set-EmulatorSetting {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Settings)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'settings' -Method Post -Body $Settings | Out-Null
}

# Connects the module to the emulator's demo tenant with the demo app's secret.
function Connect-DemoTenant {
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $TenantId = $script:Demo.TenantDomain,
        [string] $ClientId = $script:Demo.ClientId,
        [string] $ClientSecret = $script:Demo.ClientSecret,
        [switch] $PassThru
    )
    $secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
    Connect-O365ServiceComms -TenantId $TenantId -ClientId $ClientId -ClientSecret $secret `
        -AuthorityHost $Emulator.BaseUri -GraphEndpoint $Emulator.BaseUri -PassThru:$PassThru
}

Export-ModuleMember -Function Get-DemoTenant, Start-Emulator, Stop-Emulator, Invoke-EmulatorControl, Get-EmulatorRequest,
    Reset-Emulator, Set-EmulatorSetting, Connect-DemoTenant

# ---- Fault injection (tests/O365ServiceComms.Emulator/Faults.cs) ----

# Switches faults on until the next Reset-Emulator, e.g.
# Add-EmulatorFault $emulator @{ kind = 'throttle'; count = 2; retryAfterSeconds = 1; path = '/issues' }
function Add-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable[]] $Fault)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'faults' -Method Post -Body @($Fault) | Out-Null
}

# The foreign listener that foreign next links point to: its base URL and the requests it received.
function Get-EmulatorForeignHost {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Path 'foreign'
}

Export-ModuleMember -Function Add-EmulatorFault, Get-EmulatorForeignHost
