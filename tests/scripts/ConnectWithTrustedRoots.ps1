# Run by tests/TrustedRoots.Tests.ps1 in a fresh pwsh without SSL_CERT_FILE: connects to the emulator and reads its
# services; writes one JSON line with what happened.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorUri,
    [Parameter(Mandatory)] [string] $TenantId,
    [Parameter(Mandatory)] [string] $ClientId,
    [Parameter(Mandatory)] [string] $ClientSecret
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
try {
    $secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
    Connect-O365ServiceComms -TenantId $TenantId -ClientId $ClientId -ClientSecret $secret -AuthorityHost $EmulatorUri -GraphEndpoint $EmulatorUri
    $services = @(Get-O365ServiceStatus)
    [pscustomobject]@{ Services = $services.Count; ErrorId = $null; Message = $null } | ConvertTo-Json -Compress
}
catch {
    [pscustomobject]@{ Services = 0; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message } | ConvertTo-Json -Compress
}
