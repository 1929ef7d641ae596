<#
.SYNOPSIS
    A PowerShell to try O365ServiceComms by hand: the built module imported and connected to the emulator's demo tenant.
.DESCRIPTION
    Started by ./build.ps1 -Task Shell as `pwsh -NoExit -File tests/Shell.ps1`, with SSL_CERT_FILE set so that this
    process trusts the emulator. It starts the emulator, connects with the demo app's client secret, says what to try
    and how to leave, and leaves the prompt to you; `exit` stops the emulator (which also stops when this process ends).
    With -Command it runs that command instead of waiting for one, then cleans up (tests/Shell.Tests.ps1).
#>
param(
    # A command to run in place of the interactive prompt.
    [string] $Command
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $PSScriptRoot 'EmulatorHost.psm1') -Scope Global
Import-Module (Join-Path $root 'out/O365ServiceComms') -Scope Global

# A process of its own, even inside a test run: leaving the shell stops it (tests/Shell.Tests.ps1).
$global:DemoEmulator = Start-Emulator -OwnProcess
try {
    Invoke-RestMethod -Uri "$($global:DemoEmulator.BaseUri)/_emulator/settings" | Out-Null
}
catch {
    Stop-Emulator $global:DemoEmulator
    throw "This PowerShell does not trust the emulator's certificate (SSL_CERT_FILE is '$env:SSL_CERT_FILE'): start it with ./build.ps1 -Task Shell. $($_.Exception.Message)"
}

function global:Stop-DemoShell {
    if ($global:DemoEmulator) {
        Disconnect-O365ServiceComms -ErrorAction SilentlyContinue
        Stop-Emulator $global:DemoEmulator
        $global:DemoEmulator = $null
    }
}

try {
    $demo = Get-DemoTenant
    Connect-DemoTenant -Emulator $global:DemoEmulator | Out-Null
}
catch {
    Stop-DemoShell
    throw
}

Write-Host @"

O365ServiceComms $((Get-Module O365ServiceComms).Version), connected to the emulator's demo tenant $($demo.TenantDomain)
(client secret sign-in of app $($demo.ClientId); emulator of Entra ID and Microsoft Graph at $($global:DemoEmulator.BaseUri)).

Try:
  Get-O365ServiceStatus
  Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage
  Get-O365ServiceMessage -MessageType MessageCenter -Severity High
  Export-O365ServiceHealthReport -Path ./status.html
  Get-Help Get-O365ServiceMessage -Examples

Type exit to leave: the emulator stops with this shell.

"@ -ForegroundColor Cyan

if ($PSBoundParameters.ContainsKey('Command')) {
    try {
        & ([scriptblock]::Create($Command)) | Out-Host
    }
    finally {
        Stop-DemoShell
    }
    return
}

# Leaving with exit (or closing the terminal) disconnects and stops the emulator.
Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action { Stop-DemoShell } | Out-Null
function global:prompt { "[O365ServiceComms demo] PS $($executionContext.SessionState.Path.CurrentLocation)$('>' * ($nestedPromptLevel + 1)) " }
