#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the O365ServiceComms module.
.DESCRIPTION
    Build  : compiles the module and leaves it importable in out/O365ServiceComms (the default task).
    Test   : builds, runs the xUnit and Pester suites and ends with one line "N passed, N failed".
    Demo   : builds, starts the emulator and runs the old service-health workflow against its demo tenant.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleName = 'O365ServiceComms'
$moduleOut = Join-Path $out $moduleName
# The manifest is the one place the version lives.
$version = (Import-PowerShellDataFile (Join-Path $root "$moduleName.psd1")).ModuleVersion

# A simple function (no param block), so that dotnet's own switches such as -o pass through untouched.
function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    Write-Host "Building $moduleName $version ($Configuration)" -ForegroundColor Cyan
    $publish = Join-Path $out 'publish'
    Remove-Item $publish, $moduleOut -Recurse -Force -ErrorAction Ignore
    Invoke-Dotnet publish (Join-Path $root "src/$moduleName/$moduleName.csproj") -c $Configuration "-p:Version=$version" -o $publish --nologo -v quiet

    $bin = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'bin') -Force
    # PowerShell itself provides System.Management.Automation; pwsh also ships Newtonsoft.Json.
    Get-ChildItem $publish -File | Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $bin
    Copy-Item (Join-Path $root "$moduleName.psd1") -Destination $moduleOut
    Copy-Item (Join-Path $root "src/module/*") -Destination $moduleOut -Recurse
    Write-Host "Module ready: $moduleOut"
}

function Invoke-TestBuild {
    # The emulator and the xUnit project (whose restore also fetches Pester).
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Emulator/O365ServiceComms.Emulator.csproj') -c $Configuration --nologo -v quiet
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Tests/O365ServiceComms.Tests.csproj') -c $Configuration --nologo -v quiet
}

# This same PowerShell, whether it runs as pwsh or as the .NET tool (dotnet pwsh.dll).
$script:PwshCommand = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
    @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
}
else { @([Environment]::ProcessPath) }

# A child pwsh trusts the emulator's certificate through SSL_CERT_FILE, which OpenSSL reads from the process
# environment at start-up: that is why tests and demo run in a process of their own.
function Invoke-ChildPwsh {
    param([string] $Script, [string[]] $Arguments)
    $tls = Join-Path $out 'tls'
    New-Item -ItemType Directory -Path $tls -Force | Out-Null
    $saved = $env:SSL_CERT_FILE
    $env:SSL_CERT_FILE = Join-Path $tls 'emulator.pem'
    $env:O365SC_TLS_DIR = $tls
    $env:O365SC_CONFIGURATION = $Configuration
    try {
        & $script:PwshCommand[0] @($script:PwshCommand | Select-Object -Skip 1) -NoLogo -NoProfile -NonInteractive -File $Script @Arguments | Out-Host
        return $LASTEXITCODE
    }
    finally {
        $env:SSL_CERT_FILE = $saved
    }
}

function Invoke-TestTask {
    Invoke-BuildTask
    Invoke-TestBuild

    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    Write-Host 'xUnit tests' -ForegroundColor Cyan
    $trx = Join-Path $results 'xunit.trx'
    & dotnet test (Join-Path $root 'tests/O365ServiceComms.Tests/O365ServiceComms.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal'
    $xunit = @{ Passed = 0; Failed = 0 }
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunit.Passed = [int]$counters.passed
        $xunit.Failed = [int]$counters.total - [int]$counters.passed
    }
    else {
        $xunit.Failed = 1
        Write-Host 'xUnit produced no results.' -ForegroundColor Red
    }

    Write-Host 'Pester tests' -ForegroundColor Cyan
    $pesterSummary = Join-Path $results 'pester.json'
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Invoke-PesterTests.ps1') -Arguments @('-SummaryPath', $pesterSummary)
    $pester = @{ Passed = 0; Failed = 0 }
    if (Test-Path $pesterSummary) {
        $summary = Get-Content $pesterSummary -Raw | ConvertFrom-Json
        $pester.Passed = [int]$summary.Passed
        $pester.Failed = [int]$summary.Failed
    }
    else {
        $pester.Failed = 1
        Write-Host "The Pester run ended without results (exit code $exit)." -ForegroundColor Red
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Invoke-TestBuild
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Demo.ps1')
    if ($exit -ne 0) { exit $exit }
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Demo' { Invoke-DemoTask }
}
