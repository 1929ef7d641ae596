#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the O365ServiceComms module.
.DESCRIPTION
    Build   : compiles the module and leaves it importable in out/O365ServiceComms (the default task): the Windows
              cmdlets in bin (one build for both editions), the engine for Windows PowerShell in bin/net472 and for
              PowerShell 7 in bin/net8.0, and for PowerShell 7.6 on Linux x64 ReadyToRun-compiled in
              bin/net10.0-linux-x64, offline help in en-US.
    Package : builds, publishes the module with PSResourceGet to a local folder repository (out/repository) and
              leaves out/O365ServiceComms.<version>.nupkg.
    Test    : builds and packages, runs the xUnit and Pester suites, and the engine's tests built for .NET Framework
              (net472) under Mono when `mono` is installed, and ends with one line "N passed, N failed".
    Demo    : builds, starts the emulator and runs the old service-health workflow against its demo tenant.
    Shell   : builds, starts the emulator and opens an interactive pwsh with the module imported, connected to the
              demo tenant (client secret sign-in) and trusting the emulator; exit leaves it and stops the emulator.
    Bench   : builds and runs the benchmarks (tests/Bench/Invoke-Benchmark.ps1, with the Graph SDK's row in
              tests/Bench/GraphSdkBench); not part of Test or CI; about 6 minutes.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Shell', 'Bench')]
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

# This same PowerShell, whether it runs as pwsh or as the .NET tool (dotnet pwsh.dll).
$script:PwshCommand = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
    @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
}
else { @([Environment]::ProcessPath) }

function Invoke-Pwsh {
    & $script:PwshCommand[0] @($script:PwshCommand | Select-Object -Skip 1) -NoLogo -NoProfile -NonInteractive @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "pwsh $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# The engine's builds, one per edition (see src/O365ServiceComms/Loader): Windows PowerShell 5.1 runs on .NET
# Framework, PowerShell 7.4 and later on .NET 8 or later. The cmdlets and the output types are one netstandard2.0 build
# in bin, which both editions import.
$script:Frameworks = @('net472', 'net8.0')

# The platforms whose PowerShell 7.6 and later (.NET 10) gets the engine ReadyToRun-compiled, in bin/net10.0-<platform>:
# precompiled code is specific to a platform and a runtime, so every other one loads the portable bin/net8.0 (see
# docs/architecture.md). Only platforms measured here are listed; another is one more name (win-x64, osx-arm64).
$script:ReadyToRunPlatforms = @('linux-x64')

function Invoke-BuildTask {
    Write-Host "Building $moduleName $version ($Configuration)" -ForegroundColor Cyan
    Remove-Item $moduleOut -Recurse -Force -ErrorAction Ignore
    foreach ($project in $moduleName, "$moduleName.Engine", "$moduleName.LoadContext") {
        Invoke-Dotnet build (Join-Path $root "src/$project/$project.csproj") -c $Configuration "-p:Version=$version" --nologo -v quiet
    }

    $bin = Join-Path $moduleOut 'bin'
    Copy-ProjectOutput $moduleName 'netstandard2.0' $bin
    foreach ($framework in $script:Frameworks) {
        # PowerShell itself provides System.Management.Automation; pwsh also ships Newtonsoft.Json, which the module
        # shares with it, while Windows PowerShell has none. The output types are in bin, once for both editions.
        $provided = @('System.Management.Automation.dll', "$moduleName.Shared.dll", "$moduleName.Shared.pdb")
        if ($framework -ne 'net472') { $provided += 'Newtonsoft.Json.dll' }
        Copy-ProjectOutput "$moduleName.Engine" $framework (Join-Path $bin $framework) -Exclude $provided
    }
    # PowerShell 7's load context, which the cmdlets call into bin/net8.0 (see src/O365ServiceComms/Loader).
    Copy-ProjectOutput "$moduleName.LoadContext" 'net8.0' (Join-Path $bin 'net8.0') -Filter "$moduleName.LoadContext.*"
    foreach ($platform in $script:ReadyToRunPlatforms) { Publish-ReadyToRunEngine $platform (Join-Path $bin "net10.0-$platform") }
    Copy-Item (Join-Path $root "$moduleName.psd1"), (Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') -Destination $moduleOut
    Copy-Item (Join-Path $root "src/module/*") -Destination $moduleOut -Recurse
    Invoke-HelpBuild
    Write-Host "Module ready: $moduleOut"
}

# The engine, MSAL and Newtonsoft.Json for .NET 10 on one platform, ReadyToRun-compiled (Crossgen2 comes from NuGet as
# the SDK's microsoft.netcore.app.crossgen2 package), with HtmlAgilityPack and System.ServiceModel.Syndication as they
# are. Newtonsoft.Json is the engine's own here, precompiled, in the module's load context (pwsh's copy is IL that every
# new pwsh compiles again); no Newtonsoft type crosses to the cmdlets. It builds under out/r2r-build
# (Directory.Build.props), apart from the ordinary build; a few seconds when nothing changed.
function Publish-ReadyToRunEngine {
    param([string] $Platform, [string] $Destination)
    $published = Join-Path $out "r2r-build/$Platform/publish"
    Invoke-Dotnet publish (Join-Path $root "src/$moduleName.Engine/$moduleName.Engine.csproj") -c $Configuration -f net10.0 -r $Platform `
        "-p:ReadyToRunFramework=net10.0" "-p:ReadyToRunPlatform=$Platform" "-p:Version=$version" -o $published --nologo -v quiet
    $provided = @("$moduleName.Shared.dll", "$moduleName.Shared.pdb")
    $folder = New-Item -ItemType Directory -Path $Destination -Force
    Get-ChildItem $published -File | Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.Name -notin $provided } |
        Copy-Item -Destination $folder
}

# A project's assemblies and symbols for one framework, into a folder of the built module.
function Copy-ProjectOutput {
    param([string] $Project, [string] $Framework, [string] $Destination, [string[]] $Exclude = @(), [string] $Filter = '*')
    $folder = New-Item -ItemType Directory -Path $Destination -Force
    Get-ChildItem (Join-Path $root "src/$Project/bin/$Configuration/$Framework") -File -Filter $Filter |
        Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.Name -notin $Exclude } |
        Copy-Item -Destination $folder
}

# docs/en-US (PlatyPS markdown) to MAML and about_*.help.txt in the module's en-US folder.
function Invoke-HelpBuild {
    $docs = Join-Path $root 'docs/en-US'
    $helpOut = Join-Path $moduleOut 'en-US'
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $docs -OutputPath $helpOut -Force | ForEach-Object { Write-Host "Help (PlatyPS): $($_.FullName)" }
    }
    else {
        # Our converter reads the cmdlets' syntax from the built module: in a PowerShell of its own, so that this
        # one does not load the assemblies it has just built.
        Invoke-Pwsh -File (Join-Path $root 'tools/New-ModuleHelp.ps1') -ModulePath $moduleOut -MarkdownPath $docs -OutputPath $helpOut
    }
}

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Host "Packaging $moduleName $version" -ForegroundColor Cyan
    $repository = Join-Path $out 'repository'
    $package = Join-Path $out "$moduleName.$version.nupkg"
    Remove-Item $repository, $package -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $repository -Force | Out-Null

    # PSResourceGet keeps registered repositories per user. On Linux and macOS a private store keeps the build from
    # touching it; on Windows the temporary repository is registered under a name of its own and removed again.
    $savedDataHome = $env:XDG_DATA_HOME
    if (-not $IsWindows) {
        # .NET ignores a data folder that does not exist, and PSResourceGet would then write to the current folder.
        $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Path (Join-Path $out 'psresourceget') -Force).FullName
    }
    try {
        Invoke-Pwsh -File (Join-Path $root 'tools/Publish-LocalPackage.ps1') -ModulePath $moduleOut -RepositoryPath $repository
    }
    finally {
        $env:XDG_DATA_HOME = $savedDataHome
    }
    Copy-Item (Join-Path $repository "$moduleName.$version.nupkg") -Destination $package
    Write-Host "Package ready: $package"
}

function Invoke-TestBuild {
    # The emulator and the xUnit project (whose restore also fetches Pester).
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Emulator/O365ServiceComms.Emulator.csproj') -c $Configuration --nologo -v quiet
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Tests/O365ServiceComms.Tests.csproj') -c $Configuration --nologo -v quiet
    # Checks against the official Graph SDK, in a project of its own (Microsoft.Graph's dependencies stay out of the other tests).
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.GraphSdkTests/O365ServiceComms.GraphSdkTests.csproj') -c $Configuration --nologo -v quiet
    # Measures the status page in the system's Chromium (tests/StatusPage.Browser.Tests.ps1).
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.PageProbe/O365ServiceComms.PageProbe.csproj') -c $Configuration --nologo -v quiet
}

# A child pwsh trusts the emulator's certificate through SSL_CERT_FILE, which OpenSSL reads from the process
# environment at start-up: that is why tests and demo run in a process of their own.
function Invoke-ChildPwsh {
    param([string] $Script, [string[]] $Arguments, [switch] $Interactive)
    $tls = Join-Path $out 'tls'
    New-Item -ItemType Directory -Path $tls -Force | Out-Null
    $saved = $env:SSL_CERT_FILE
    $env:SSL_CERT_FILE = Join-Path $tls 'emulator.pem'
    $env:O365SC_TLS_DIR = $tls
    $env:O365SC_CONFIGURATION = $Configuration
    try {
        if ($Interactive) {
            # Neither piped nor captured, so that the child has the terminal itself; the caller reads $LASTEXITCODE.
            & $script:PwshCommand[0] @($script:PwshCommand | Select-Object -Skip 1) -NoLogo -NoProfile -NoExit -File $Script @Arguments
            return
        }
        & $script:PwshCommand[0] @($script:PwshCommand | Select-Object -Skip 1) -NoLogo -NoProfile -NonInteractive -File $Script @Arguments | Out-Host
        return $LASTEXITCODE
    }
    finally {
        $env:SSL_CERT_FILE = $saved
    }
}

function Invoke-TestTask {
    # The package test installs out/O365ServiceComms.<version>.nupkg.
    Invoke-PackageTask
    Invoke-TestBuild

    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    Write-Host 'xUnit tests' -ForegroundColor Cyan
    $xunit = @{ Passed = 0; Failed = 0 }
    foreach ($project in 'O365ServiceComms.Tests', 'O365ServiceComms.GraphSdkTests') {
        $trx = Join-Path $results "$project.trx"
        & dotnet test (Join-Path $root "tests/$project/$project.csproj") -c $Configuration --no-build --nologo `
            --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal'
        if (Test-Path $trx) {
            $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
            $xunit.Passed += [int]$counters.passed
            $xunit.Failed += [int]$counters.total - [int]$counters.passed
        }
        else {
            $xunit.Failed += 1
            Write-Host "xUnit produced no results for $project." -ForegroundColor Red
        }
    }

    Write-Host 'Pester tests' -ForegroundColor Cyan
    $pesterSummary = Join-Path $results 'pester.json'
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Invoke-PesterTests.ps1') -Arguments @('-SummaryPath', $pesterSummary)
    $pester = @{ Passed = 0; Failed = 0 }
    if (Test-Path $pesterSummary) {
        $summary = Get-Content $pesterSummary -Raw | ConvertFrom-Json
        $pester.Passed = [int]$summary.Passed
        $pester.Failed = [int]$summary.Failed
        # One line per reason, e.g. the browser tests on a machine without Chromium.
        @($summary.SkippedTests) | Where-Object { $_ } | Group-Object Reason | ForEach-Object {
            $blocks = @($_.Group.Block | Select-Object -Unique) -join '; '
            Write-Host "skipped: $($_.Count) Pester test(s) in '$blocks' because $($_.Name)" -ForegroundColor Yellow
        }
    }
    else {
        $pester.Failed = 1
        Write-Host "The Pester run ended without results (exit code $exit)." -ForegroundColor Red
    }

    $mono = Invoke-MonoTests -Results $results

    $passed = $xunit.Passed + $pester.Passed + $mono.Passed
    $failed = $xunit.Failed + $pester.Failed + $mono.Failed
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    if ($null -ne $mono.Line) { Write-Output $mono.Line }
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# The engine's tests built for net472 (tests/O365ServiceComms.Tests.Net472) on the engine's net472 build, which Windows
# PowerShell 5.1 loads, run under Mono with the xUnit v2 console runner. The tests trust the emulator's test CA through
# the module's own O365SC_TRUSTED_ROOTS mechanism, so nothing is added to Mono's certificate store.
function Invoke-MonoTests {
    param([string] $Results)
    $counts = @{ Passed = 0; Failed = 0; Line = $null }
    if (-not (Get-Command mono -ErrorAction Ignore)) {
        Write-Host 'net472 (Mono): skipped, because mono is not installed (Debian: apt-get install mono-complete). The .NET Framework engine was not tested.' -ForegroundColor Yellow
        return $counts
    }

    Write-Host 'xUnit tests of the .NET Framework engine (net472) under Mono' -ForegroundColor Cyan
    $project = Join-Path $root 'tests/O365ServiceComms.Tests.Net472/O365ServiceComms.Tests.Net472.csproj'
    Invoke-Dotnet build $project -c $Configuration --nologo -v quiet | Out-Host
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $runner = Join-Path $packages 'xunit.runner.console/2.4.1/tools/net472/xunit.console.exe'
    $assembly = Join-Path $root "tests/O365ServiceComms.Tests.Net472/bin/$Configuration/net472/O365ServiceComms.Tests.Net472.dll"
    $xml = Join-Path $Results 'xunit-net472-mono.xml'
    # -noshadow: the resolver tests look for the engine's dependencies next to it.
    & mono $runner $assembly -noshadow -nologo -xml $xml | Out-Host
    if (Test-Path $xml) {
        $assemblyResult = ([xml](Get-Content $xml -Raw)).assemblies.assembly
        # Attributes by name: <assembly> also has an <errors> element.
        $counts.Passed = [int]$assemblyResult.GetAttribute('passed')
        $counts.Failed = [int]$assemblyResult.GetAttribute('failed') + [int]$assemblyResult.GetAttribute('errors')
    }
    else {
        $counts.Failed = 1
        Write-Host "The Mono run ended without results (exit code $LASTEXITCODE)." -ForegroundColor Red
    }
    $counts.Line = "net472 (Mono): $($counts.Passed) passed, $($counts.Failed) failed"
    return $counts
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Invoke-TestBuild
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Demo.ps1')
    if ($exit -ne 0) { exit $exit }
}

function Invoke-ShellTask {
    Invoke-BuildTask
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Emulator/O365ServiceComms.Emulator.csproj') -c $Configuration --nologo -v quiet
    Invoke-ChildPwsh -Script (Join-Path $root 'tests/Shell.ps1') -Interactive
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-BenchTask {
    Invoke-BuildTask
    Invoke-Dotnet build (Join-Path $root 'tests/O365ServiceComms.Emulator/O365ServiceComms.Emulator.csproj') -c $Configuration --nologo -v quiet
    # The Graph SDK row, in a process of its own (Microsoft.Graph stays out of the module and of pwsh).
    Invoke-Dotnet build (Join-Path $root 'tests/Bench/GraphSdkBench/GraphSdkBench.csproj') -c $Configuration --nologo -v quiet
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Bench/Invoke-Benchmark.ps1')
    if ($exit -ne 0) { exit $exit }
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Package' { Invoke-PackageTask }
    'Test' { Invoke-TestTask }
    'Demo' { Invoke-DemoTask }
    'Shell' { Invoke-ShellTask }
    'Bench' { Invoke-BenchTask }
}
