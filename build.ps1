#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the O365ServiceComms module.
.DESCRIPTION
    Build   : builds the solution in one go (the module's projects, the emulator and the test projects) and leaves
              the module importable in out/O365ServiceComms (the default task): the Windows cmdlets in bin (one build
              for both editions), the engine for Windows PowerShell in bin/net472 and for PowerShell 7 in bin/net8.0,
              and for PowerShell 7.6 on Linux x64 ReadyToRun-compiled in bin/net10.0-linux-x64, offline help in en-US.
              What is up to date is neither built nor copied again.
    Package : builds, publishes the module with PSResourceGet to a local folder repository (out/repository) and
              leaves out/O365ServiceComms.<version>.nupkg.
    Test    : builds, packages when the module changed, runs the xUnit projects, the Pester suite (in parallel
              workers against one emulator process) and the engine's tests built for .NET Framework (net472) under
              Mono when `mono` is installed, side by side, and ends with one line "N passed, N failed".
    Demo    : builds, starts the emulator and runs the old service-health workflow against its demo tenant.
    Shell   : builds, starts the emulator and opens an interactive pwsh with the module imported, connected to the
              demo tenant (client secret sign-in) and trusting the emulator; exit leaves it and stops the emulator.
    Bench   : builds and runs the benchmarks (tests/Bench/Invoke-Benchmark.ps1, with the Graph SDK's row in
              tests/Bench/GraphSdkBench); not part of Test or CI; about 3 minutes.
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
# Builds and publishes use the compiler server: one C# compiler, compiled at start-up once, for every project, instead of
# a compiler process per project that compiles itself again. The compilers run with the tiered compilation settings of
# $script:ShortLivedProcessSettings (about half the build's time here); what they build is the same.
function Invoke-Dotnet {
    $sharedCompilation = @(if ($args[0] -in 'build', 'publish') { '-p:UseSharedCompilation=true' })
    $saved = @{}
    foreach ($name in $script:ShortLivedProcessSettings.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    Set-ProcessSettings $script:ShortLivedProcessSettings
    try { & dotnet @args @sharedCompilation }
    finally { Set-ProcessSettings $saved }
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# Every process of a build or a test run is short-lived, and .NET's tiered compilation spends CPU time on work that
# only pays off in long-lived ones: profile-guided optimisation (.NET 8 and later) instruments the code, and methods
# called 30 times are compiled again, optimised, 100 ms after start-up activity settles; a compiler or a test process
# rarely settles for long, and most of its methods run a few hundred times at most. Without the instrumentation, with a
# second of quiet before re-compiling, and only methods called a thousand times compiled again, a test run takes about
# 40 % less CPU time and a build about half the time. What the code does is unchanged; Bench, which measures the
# product, sets none of these for what it measures.
$script:ShortLivedProcessSettings = @{ DOTNET_TieredPGO = '0'; DOTNET_TC_CallCountingDelayMs = '1000'; DOTNET_TC_CallCountThreshold = '1000' }

# The test stages go one step further. PowerShell runs a script block or a dynamic call site it uses often as a dynamic
# method, which .NET compiles fully optimised at once (tiered compilation does not apply to dynamic methods): a Pester
# worker compiles about 3,000 of them, most run a few times. Compiled without optimisation (DOTNET_JITMinOpts), the
# Pester suite takes about 10 % less CPU time. Builds do not get it: a compiler's hot code must be optimised.
$script:TestProcessSettings = @{ DOTNET_JITMinOpts = '1' }

# Sets the environment variables of a settings table for this process and the processes it starts.
function Set-ProcessSettings([hashtable] $Settings) {
    foreach ($setting in $Settings.GetEnumerator()) { [Environment]::SetEnvironmentVariable($setting.Key, $setting.Value) }
}

# An environment that turned the compiler server off (UseSharedCompilation=false, as CI machines often do so that no
# process outlives the build) gets it back for this build only: it is stopped when the task ends.
function Stop-CompilerServer {
    if ($env:UseSharedCompilation -eq 'false') { & dotnet build-server shutdown --vbcscompiler *> $null }
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
    Invoke-SolutionBuild
    $stampPath = Join-Path $out 'module.inputs'
    if ((Test-Path $moduleOut) -and (Test-InputStamp $stampPath (Get-ModuleStamp))) {
        Invoke-HelpBuild
        Write-Host "Module up to date: $moduleOut"
        return
    }
    # The help stays when it is up to date (Invoke-HelpBuild); everything else is copied anew.
    Remove-Item $stampPath -ErrorAction Ignore
    if (Test-Path $moduleOut) { Get-ChildItem $moduleOut -Force | Where-Object Name -ne 'en-US' | Remove-Item -Recurse -Force }

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
    Set-Content -Path $stampPath -Value (Get-ModuleStamp) -NoNewline
    Write-Host "Module ready: $moduleOut"
}

# What the module folder is made of, and the folder itself but its help (which Invoke-HelpBuild keeps up to date): the
# projects' builds and project files, the build settings, the manifest and the module's other files. While it is the
# one stored after the last copy (out/module.inputs), nothing is copied or published again.
function Get-ModuleStamp {
    $files = @(
        foreach ($project in Get-ChildItem (Join-Path $root 'src') -Directory) {
            $project.GetFiles('*.csproj')
            Get-ChildItem (Join-Path $project.FullName "bin/$Configuration") -File -Recurse -ErrorAction Ignore
        }
        Get-ChildItem $root -File | Where-Object { $_.Name -like 'Directory.*' -or $_.Name -in "$moduleName.psd1", 'LICENSE', 'CHANGELOG.md' }
        Get-ChildItem (Join-Path $root 'src/module') -File -Recurse
        Get-ChildItem $moduleOut -File -ErrorAction Ignore
        Get-ChildItem $moduleOut -Directory -ErrorAction Ignore | Where-Object Name -ne 'en-US' | ForEach-Object { $_.GetFiles('*', 'AllDirectories') }
    )
    "$Configuration|$version|$([Environment]::Version)`n$(Format-InputStamp $files)"
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

# What a file made from others was made from: each input's path, size and time of last change (copies keep the
# time), one per line. The output is up to date while this text is the one stored beside it.
function Get-InputStamp([string[]] $Path) {
    Format-InputStamp (Get-ChildItem $Path -File -Recurse)
}

function Format-InputStamp([IO.FileInfo[]] $File) {
    @($File | Sort-Object FullName | ForEach-Object {
            "$([IO.Path]::GetRelativePath($root, $_.FullName))|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)"
        }) -join "`n"
}

# The NuGet global packages folder, where restore puts Pester, the xUnit console runner and crossgen2.
function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}

function Test-InputStamp([string] $StampPath, [string] $Stamp) {
    (Test-Path $StampPath) -and (Get-Content $StampPath -Raw) -ceq $Stamp
}

# docs/en-US (PlatyPS markdown) to MAML and about_*.help.txt in the module's en-US folder; kept when neither the pages,
# the converter nor the built assemblies (whose cmdlets' syntax the help shows) changed.
function Invoke-HelpBuild {
    $docs = Join-Path $root 'docs/en-US'
    $helpOut = Join-Path $moduleOut 'en-US'
    $stampPath = Join-Path $out 'help.inputs'
    $stamp = Get-InputStamp @($docs, (Join-Path $root 'tools'), (Join-Path $moduleOut 'bin'))
    if ((Test-Path $helpOut) -and (Test-InputStamp $stampPath $stamp)) {
        Write-Host "Help: up to date ($helpOut)"
        return
    }
    Remove-Item $helpOut, $stampPath -Recurse -Force -ErrorAction Ignore
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $docs -OutputPath $helpOut -Force | ForEach-Object { Write-Host "Help (PlatyPS): $($_.FullName)" }
    }
    else {
        # Our converter reads the cmdlets' syntax from the built module: in a PowerShell of its own, so that this
        # one does not load the assemblies it has just built.
        Invoke-Pwsh -File (Join-Path $root 'tools/New-ModuleHelp.ps1') -ModulePath $moduleOut -MarkdownPath $docs -OutputPath $helpOut
    }
    Set-Content -Path $stampPath -Value $stamp -NoNewline
}

function Invoke-PackageTask {
    # Packages the built module. -IfChanged: keeps the package when the module folder is the one it was made of.
    param([switch] $IfChanged)
    $repository = Join-Path $out 'repository'
    $package = Join-Path $out "$moduleName.$version.nupkg"
    $stampPath = "$package.inputs"
    $stamp = Get-InputStamp $moduleOut
    if ($IfChanged -and (Test-Path $package) -and (Test-InputStamp $stampPath $stamp)) {
        Write-Host "Package: up to date ($package)"
        return
    }
    Write-Host "Packaging $moduleName $version" -ForegroundColor Cyan
    Remove-Item $repository, $package, $stampPath -Recurse -Force -ErrorAction Ignore
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
    Set-Content -Path $stampPath -Value $stamp -NoNewline
    Write-Host "Package ready: $package"
}

# One dotnet build of the solution builds the module's projects and everything the tests and the demo run: the emulator,
# the xUnit projects (whose restore also fetches Pester and crossgen2), the engine's tests built for net472 (Mono), and
# the page probe that measures the status page in the system's Chromium (tests/StatusPage.Browser.Tests.ps1). With the
# module's version, which lives in the manifest. dotnet build takes seconds even when there is nothing to do, so it is
# skipped while the solution's stamp is the one stored after the last build (out/solution.inputs).
function Invoke-SolutionBuild {
    $stampPath = Join-Path $out 'solution.inputs'
    if (Test-InputStamp $stampPath (Get-SolutionStamp)) {
        Write-Host "The solution: up to date ($Configuration)"
        return
    }
    Write-Host "Building the solution: $moduleName $version, its emulator and its tests ($Configuration)" -ForegroundColor Cyan
    Remove-Item $stampPath -ErrorAction Ignore
    Invoke-Dotnet build (Join-Path $root "$moduleName.sln") -c $Configuration "-p:Version=$version" --nologo -v quiet
    New-Item -ItemType Directory -Path $out -Force | Out-Null
    Set-Content -Path $stampPath -Value (Get-SolutionStamp) -NoNewline
}

# What the solution's build is made of and what it makes: every file in the folder of each of its projects but bin and
# obj, the build's settings at the top (Directory.*.props, the solution, the tool manifest), the configuration, the
# module's version and the runtime, each project's own assemblies in bin, and the packages in the NuGet cache.
function Get-SolutionStamp {
    $solution = Join-Path $root "$moduleName.sln"
    $projects = @(Select-String -Path $solution -Pattern '"([^"]+\.csproj)"' | ForEach-Object {
            Join-Path $root ($_.Matches[0].Groups[1].Value -replace '\\', '/')
        })
    $files = @(
        foreach ($project in $projects) {
            $folder = Get-Item (Split-Path $project -Parent)
            $folder.GetFiles()
            $folder.GetDirectories() | Where-Object Name -notin 'bin', 'obj' | ForEach-Object { $_.GetFiles('*', 'AllDirectories') }
            $assembly = "$([IO.Path]::GetFileNameWithoutExtension($project)).dll"
            Get-ChildItem (Join-Path $folder "bin/$Configuration") -Directory -ErrorAction Ignore |
                ForEach-Object { Get-Item (Join-Path $_.FullName $assembly) -ErrorAction Ignore }
        }
        Get-ChildItem $root -File | Where-Object { $_.Name -like 'Directory.*' -or $_.Extension -eq '.sln' -or $_.Name -in 'global.json', 'NuGet.config', 'dotnet-tools.json' }
    )
    # The restore's packages (Pester, the xUnit runner, crossgen2) are in the NuGet cache, outside the repository: a
    # cache cleared or changed builds (and restores) again.
    $cache = @(Get-ChildItem (Get-NuGetPackagesFolder) -Directory -ErrorAction Ignore | ForEach-Object Name) -join ','
    "$Configuration|$version|$([Environment]::Version)`n$cache`n$(Format-InputStamp $files)"
}

# The PowerShell that runs the tests and the benchmarks: this one, the dotnet tool, comes as IL only, so that every
# PowerShell process of a run (the Pester workers, the fresh ones the tests start, Bench's cold jobs) would compile the
# same code again at start-up. A copy of it with its main assemblies compiled ahead of time (ReadyToRun, with crossgen2
# of this runtime from the NuGet cache, as PowerShell's own release packages are) starts in half the time; it is the
# PowerShell admins run, so Bench measures cold starts in it too. It is made from the PowerShell tool package,
# crossgen2 and the runtime alone, so it is made once per machine, as NuGet keeps the packages it is made of: in the
# user's cache folder (Get-PrecompiledPwshCache), one folder per PowerShell version and inputs, which every clone of the
# repository uses. Without crossgen2, or when this is not the dotnet tool, this PowerShell as it is.
# Start-PrecompiledPwsh starts the compilers and returns at once (the solution builds meanwhile); Wait-PrecompiledPwsh
# gives the command. Without crossgen2 in the NuGet cache (the solution's restore brings it) Start-PrecompiledPwsh
# returns nothing, or with -Final this PowerShell as it is.
function Start-PrecompiledPwsh([switch] $Final) {
    $asItIs = [pscustomobject]@{ Command = $script:PwshCommand; Compiling = @(); Target = $null; Building = $null; Stamp = $null }
    if ($script:PwshCommand.Count -ne 2) { return $asItIs }
    $packages = Get-NuGetPackagesFolder
    $rid = [Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $crossgen = @(Get-ChildItem (Join-Path $packages "microsoft.netcore.app.crossgen2.$rid") -Directory -ErrorAction Ignore |
            Where-Object { $_.Name -like "$([Environment]::Version.Major).*" } | Sort-Object { [version]($_.Name -replace '-.*$', '') } -Descending |
            ForEach-Object { Join-Path $_.FullName 'tools/crossgen2' } | Where-Object { Test-Path $_ })[0]
    if (-not $crossgen) {
        if (-not $Final) { return $null }
        Write-Host "Precompiled PowerShell: $PSHOME as it is (crossgen2 for $rid is not restored)." -ForegroundColor Yellow
        return $asItIs
    }
    $stamp = "$PSHOME|$($PSVersionTable.PSVersion)|$crossgen|$([Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory())"
    $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($stamp))).Substring(0, 16).ToLowerInvariant()
    $target = Join-Path (Get-PrecompiledPwshCache) "pwsh-$($PSVersionTable.PSVersion)-$hash"
    # Compiled into a folder of this run's own, which becomes the target in one rename: two runs at once each make
    # their own, and a run stopped half-way leaves no half-made target behind.
    $pwsh = [pscustomobject]@{
        Command = @($script:PwshCommand[0], (Join-Path $target 'pwsh.dll')); Compiling = @(); Target = $target
        Building = "$target.$PID.partial"; Stamp = $stamp
    }
    if (Test-InputStamp (Join-Path $target 'o365sc.inputs') $stamp) {
        Write-Host "Precompiled PowerShell: compiled ahead of time already ($target)"
        return $pwsh
    }

    Write-Host "Precompiled PowerShell: compiling $PSHOME ahead of time into $target, once on this machine" -ForegroundColor Cyan
    Remove-Item $pwsh.Building -Recurse -Force -ErrorAction Ignore
    Copy-Item $PSHOME -Destination $pwsh.Building -Recurse
    # What every test process loads; the rest stays IL.
    $assemblies = 'System.Management.Automation', 'Microsoft.PowerShell.Commands.Utility', 'Newtonsoft.Json', 'Microsoft.PowerShell.Commands.Management',
        'Microsoft.ApplicationInsights', 'Microsoft.PowerShell.ConsoleHost', 'Microsoft.PowerShell.Security', 'pwsh', 'Microsoft.PowerShell.MarkdownRender'
    $arch = "$([Runtime.InteropServices.RuntimeInformation]::OSArchitecture)".ToLowerInvariant()
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $references = @("$([Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory())*.dll", (Join-Path $PSHOME '*.dll')) +
        @(Get-ChildItem (Join-Path $PSHOME "runtimes/$(if ($IsWindows) { 'win' } else { 'unix' })/lib") -Recurse -File -Filter '*.dll' -ErrorAction Ignore |
                Where-Object { -not (Test-Path (Join-Path $PSHOME $_.Name)) } | Group-Object Name | ForEach-Object { $_.Group[0].FullName })
    $pwsh.Compiling = @(foreach ($assembly in $assemblies | Where-Object { Test-Path (Join-Path $PSHOME "$_.dll") }) {
            $log = Join-Path $out "pwsh-$assembly.log"
            $process = Start-Process -FilePath $crossgen -NoNewWindow -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err" -ArgumentList @(
                @((Join-Path $PSHOME "$assembly.dll"), '-o', (Join-Path $pwsh.Building "$assembly.dll"), '-O', "--targetos:$os", "--targetarch:$arch") +
                @($references | ForEach-Object { '-r', $_ }))
            [pscustomobject]@{ Assembly = $assembly; Process = $process; Log = $log }
        })
    return $pwsh
}

function Wait-PrecompiledPwsh($Pwsh) {
    if (-not $Pwsh.Compiling) { return $Pwsh.Command }
    $failed = @(foreach ($job in $Pwsh.Compiling) {
            $job.Process.WaitForExit()
            if ($job.Process.ExitCode -ne 0) { "$($job.Assembly): $(Get-Content "$($job.Log)", "$($job.Log).err" -Raw -ErrorAction Ignore)" }
            Remove-Item $job.Log, "$($job.Log).err" -ErrorAction Ignore
        })
    if ($failed) {
        Write-Host "Precompiled PowerShell: $PSHOME as it is, because crossgen2 failed: $($failed -join '; ')" -ForegroundColor Yellow
        Remove-Item $Pwsh.Building -Recurse -Force -ErrorAction Ignore
        return $script:PwshCommand
    }
    Set-Content -Path (Join-Path $Pwsh.Building 'o365sc.inputs') -Value $Pwsh.Stamp -NoNewline
    try {
        # A target of an earlier run that did not finish (no stamp) goes; one that another run finished meanwhile stays.
        if ((Test-Path $Pwsh.Target) -and -not (Test-InputStamp (Join-Path $Pwsh.Target 'o365sc.inputs') $Pwsh.Stamp)) {
            Remove-Item $Pwsh.Target -Recurse -Force
        }
        [IO.Directory]::Move($Pwsh.Building, $Pwsh.Target)
    }
    catch [IO.IOException] {
        Remove-Item $Pwsh.Building -Recurse -Force -ErrorAction Ignore
    }
    return $Pwsh.Command
}

# The user's cache folder for what build.ps1 makes once per machine: $XDG_CACHE_HOME or ~/.cache on Linux and macOS,
# %LOCALAPPDATA% on Windows; O365SC_CACHE names another.
function Get-PrecompiledPwshCache {
    $cache = if ($env:O365SC_CACHE) { $env:O365SC_CACHE }
    elseif ($IsWindows) { Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'O365ServiceComms' }
    elseif ($env:XDG_CACHE_HOME) { Join-Path $env:XDG_CACHE_HOME 'O365ServiceComms' }
    else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.cache/O365ServiceComms' }
    (New-Item -ItemType Directory -Path $cache -Force).FullName
}

# A child pwsh trusts the emulator's certificate through SSL_CERT_FILE, which OpenSSL reads from the process
# environment at start-up: that is why tests and demo run in a process of their own.
function Invoke-ChildPwsh {
    param([string] $Script, [string[]] $Arguments, [switch] $Interactive, [string[]] $Pwsh = $script:PwshCommand)
    $tls = Join-Path $out 'tls'
    New-Item -ItemType Directory -Path $tls -Force | Out-Null
    $saved = $env:SSL_CERT_FILE
    $env:SSL_CERT_FILE = Join-Path $tls 'emulator.pem'
    $env:O365SC_TLS_DIR = $tls
    $env:O365SC_CONFIGURATION = $Configuration
    try {
        if ($Interactive) {
            # Neither piped nor captured, so that the child has the terminal itself; the caller reads $LASTEXITCODE.
            & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoLogo -NoProfile -NoExit -File $Script @Arguments
            return
        }
        & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoLogo -NoProfile -NonInteractive -File $Script @Arguments | Out-Host
        return $LASTEXITCODE
    }
    finally {
        $env:SSL_CERT_FILE = $saved
    }
}

# The test run: one build, then the xUnit projects, the net472 tests under Mono and the Pester suite side by side, each
# in a process of its own whose output is shown once it ends; last the one line "N passed, N failed".
function Invoke-TestTask {
    $total = [Diagnostics.Stopwatch]::StartNew()
    Set-ProcessSettings $script:ShortLivedProcessSettings
    # The PowerShell for the tests compiles while the solution builds, when crossgen2 is in the NuGet cache already
    # (-Task Build restores it).
    $precompiled = Start-PrecompiledPwsh
    Invoke-BuildTask
    if (-not $precompiled) { $precompiled = Start-PrecompiledPwsh -Final }

    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    # The package test installs out/O365ServiceComms.<version>.nupkg, made again only when the module changed. The
    # stages start once the PowerShell for the tests is compiled: started before, they would slow its compilers down,
    # and the Pester suite, the longest stage, waits for it.
    Invoke-PackageTask -IfChanged
    $pwsh = Wait-PrecompiledPwsh $precompiled
    Write-Host ("Build: {0:0} s" -f $total.Elapsed.TotalSeconds)
    Set-ProcessSettings $script:TestProcessSettings

    $stages = [Collections.Generic.List[object]]::new()
    # Both xUnit projects' assemblies in one dotnet test, which runs them side by side without evaluating the projects
    # again (they are built). The Graph SDK tests start their emulator with a TLS folder of their own.
    $trx = Join-Path $results 'xunit.trx'
    $assemblies = foreach ($project in 'O365ServiceComms.Tests', 'O365ServiceComms.GraphSdkTests') {
        Join-Path $root "tests/$project/bin/$Configuration/net10.0/$project.dll"
    }
    $stages.Add((Start-TestStage 'xUnit' $results 'dotnet' (@('test') + @($assemblies) + @('--nologo', '--logger', "trx;LogFileName=$trx",
                    '--logger', 'console;verbosity=normal')) -Result $trx -TlsDirectory (Join-Path $out 'tls-O365ServiceComms.Tests')))
    $mono = Start-MonoTests $results
    if ($mono) { $stages.Add($mono) }

    # The Pester suite trusts the emulator's certificate through SSL_CERT_FILE, which OpenSSL reads from the process
    # environment at start-up: that is why it runs in a process of its own.
    $pesterSummary = Join-Path $results 'pester.json'
    $tls = New-Item -ItemType Directory -Path (Join-Path $out 'tls') -Force
    $saved = $env:SSL_CERT_FILE
    $env:SSL_CERT_FILE = Join-Path $tls 'emulator.pem'
    $env:O365SC_CONFIGURATION = $Configuration
    try {
        $stages.Add((Start-TestStage 'Pester' $results $pwsh[0] (@($pwsh | Select-Object -Skip 1) + @(
                        '-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Invoke-PesterTests.ps1'), '-SummaryPath', $pesterSummary)) -Result $pesterSummary `
                    -TlsDirectory $tls.FullName))
    }
    finally {
        $env:SSL_CERT_FILE = $saved
    }
    Wait-TestStage $stages

    $xunit = @{ Passed = 0; Failed = 0 }
    foreach ($stage in $stages | Where-Object Name -eq 'xUnit') {
        if (Test-Path $stage.Result) {
            $counters = ([xml](Get-Content $stage.Result -Raw)).TestRun.ResultSummary.Counters
            $xunit.Passed += [int]$counters.passed
            $xunit.Failed += [int]$counters.total - [int]$counters.passed
            # A test host that crashed or an assembly that did not load leaves no failed test behind, only the exit code.
            if ($stage.ExitCode -ne 0 -and $xunit.Failed -eq 0) {
                $xunit.Failed += 1
                Write-Host "dotnet test ended with exit code $($stage.ExitCode) without a failed test: an assembly did not run (see its output above)." -ForegroundColor Red
            }
        }
        else {
            $xunit.Failed += 1
            Write-Host "xUnit produced no results (exit code $($stage.ExitCode))." -ForegroundColor Red
        }
    }

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
        Write-Host "The Pester run ended without results (exit code $(($stages | Where-Object Name -eq 'Pester').ExitCode))." -ForegroundColor Red
    }

    $monoCounts = Get-MonoCounts $mono

    $passed = $xunit.Passed + $pester.Passed + $monoCounts.Passed
    $failed = $xunit.Failed + $pester.Failed + $monoCounts.Failed
    $times = @($stages | ForEach-Object { "$($_.Name) $([math]::Round($_.Seconds)) s" }) -join ', '
    Write-Host ("Test run: {0:0} s in all; side by side: {1}" -f $total.Elapsed.TotalSeconds, $times)
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    if ($null -ne $monoCounts.Line) { Write-Output $monoCounts.Line }
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# Starts one part of the test run in a process of its own, its output (stdout and stderr) into a log of the results.
# Each stage that starts emulators gets a TLS folder of its own (O365SC_TLS_DIR): two emulators that create the test CA
# in one folder at the same time, on a fresh machine, could each serve a certificate the other's clients do not trust.
function Start-TestStage {
    param([string] $Name, [string] $Results, [string] $FilePath, [string[]] $ArgumentList, [string] $Result, [string] $TlsDirectory)
    $log = Join-Path $Results (($Name -replace '\W+', '-') + '.log')
    $savedTls = $env:O365SC_TLS_DIR
    if ($TlsDirectory) { $env:O365SC_TLS_DIR = $TlsDirectory }
    try {
        $process = Start-Process -FilePath $FilePath -ArgumentList $ArgumentList -NoNewWindow -PassThru `
            -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    }
    finally { $env:O365SC_TLS_DIR = $savedTls }
    [pscustomobject]@{
        Name = $Name; Process = $process; Log = $log; Result = $Result; ExitCode = $null; Seconds = 0
        Stopwatch = [Diagnostics.Stopwatch]::StartNew()
    }
}

# Waits for every stage, showing each one's output as soon as it ends. A stage still running after $StageLimit (each
# takes two minutes at most, even on a slow machine) hangs: its processes are ended, and it counts as failed, as a
# stage without results does, instead of holding the run until CI's own limit.
$script:StageLimit = [TimeSpan]::FromMinutes(10)

function Wait-TestStage([Collections.Generic.List[object]] $Stages) {
    $pending = [Collections.Generic.List[object]]::new($Stages)
    while ($pending.Count -gt 0) {
        foreach ($stage in @($pending | Where-Object { -not $_.Process.HasExited -and $_.Stopwatch.Elapsed -gt $script:StageLimit })) {
            Write-Host ("==== {0}: still running after {1:0} minutes: ended as hung ====" -f $stage.Name, $script:StageLimit.TotalMinutes) -ForegroundColor Red
            $stage.Process.Kill($true)
        }
        foreach ($stage in @($pending | Where-Object { $_.Process.HasExited })) {
            $stage.Process.WaitForExit()
            $stage.ExitCode = $stage.Process.ExitCode
            $stage.Seconds = $stage.Stopwatch.Elapsed.TotalSeconds
            Write-Host ("==== {0}: ended after {1:0} s (exit code {2}) ====" -f $stage.Name, $stage.Seconds, $stage.ExitCode) -ForegroundColor Cyan
            Get-Content $stage.Log | Out-Host
            $errors = Get-Content "$($stage.Log).err" -Raw -ErrorAction Ignore
            if ($errors) { Write-Host $errors }
            $null = $pending.Remove($stage)
        }
        if ($pending.Count -gt 0) { Start-Sleep -Milliseconds 250 }
    }
}

# The engine's tests built for net472 (tests/O365ServiceComms.Tests.Net472) on the engine's net472 build, which Windows
# PowerShell 5.1 loads, run under Mono with the xUnit v2 console runner. The tests trust the emulator's test CA through
# the module's own O365SC_TRUSTED_ROOTS mechanism, so nothing is added to Mono's certificate store.
function Start-MonoTests([string] $Results) {
    if (-not (Get-Command mono -ErrorAction Ignore)) {
        Write-Host 'net472 (Mono): skipped, because mono is not installed (Debian: apt-get install mono-complete). The .NET Framework engine was not tested.' -ForegroundColor Yellow
        return $null
    }
    $packages = Get-NuGetPackagesFolder
    $runner = Join-Path $packages 'xunit.runner.console/2.4.1/tools/net472/xunit.console.exe'
    $assembly = Join-Path $root "tests/O365ServiceComms.Tests.Net472/bin/$Configuration/net472/O365ServiceComms.Tests.Net472.dll"
    $xml = Join-Path $Results 'xunit-net472-mono.xml'
    # -noshadow: the resolver tests look for the engine's dependencies next to it. -noappdomain: Mono can hang for good
    # unloading the runner's test domain after the tests finished (a thread abort of its timer thread), before the
    # results are written; in the runner's own domain nothing is unloaded.
    Start-TestStage 'net472 (Mono)' $Results 'mono' @($runner, $assembly, '-noshadow', '-noappdomain', '-nologo', '-xml', $xml) -Result $xml -TlsDirectory (Join-Path $out 'tls-mono')
}

function Get-MonoCounts($Stage) {
    $counts = @{ Passed = 0; Failed = 0; Line = $null }
    if (-not $Stage) { return $counts }
    if (Test-Path $Stage.Result) {
        $assemblyResult = ([xml](Get-Content $Stage.Result -Raw)).assemblies.assembly
        # Attributes by name: <assembly> also has an <errors> element.
        $counts.Passed = [int]$assemblyResult.GetAttribute('passed')
        $counts.Failed = [int]$assemblyResult.GetAttribute('failed') + [int]$assemblyResult.GetAttribute('errors')
    }
    else {
        $counts.Failed = 1
        Write-Host "The Mono run ended without results (exit code $($Stage.ExitCode))." -ForegroundColor Red
    }
    $counts.Line = "net472 (Mono): $($counts.Passed) passed, $($counts.Failed) failed"
    return $counts
}

function Invoke-DemoTask {
    Invoke-BuildTask
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Demo.ps1')
    if ($exit -ne 0) { exit $exit }
}

function Invoke-ShellTask {
    Invoke-BuildTask
    Invoke-ChildPwsh -Script (Join-Path $root 'tests/Shell.ps1') -Interactive
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-BenchTask {
    $precompiled = Start-PrecompiledPwsh
    Invoke-BuildTask
    if (-not $precompiled) { $precompiled = Start-PrecompiledPwsh -Final }
    # The Graph SDK row, in a process of its own (Microsoft.Graph stays out of the module and of pwsh).
    Invoke-Dotnet build (Join-Path $root 'tests/Bench/GraphSdkBench/GraphSdkBench.csproj') -c $Configuration --nologo -v quiet
    $pwsh = Wait-PrecompiledPwsh $precompiled
    Stop-CompilerServer
    # In the precompiled PowerShell, as admins run it: the cold jobs start it as it runs the benchmark.
    $exit = Invoke-ChildPwsh -Script (Join-Path $root 'tests/Bench/Invoke-Benchmark.ps1') -Pwsh $pwsh
    if ($exit -ne 0) { exit $exit }
}

try {
    switch ($Task) {
        'Build' { Invoke-BuildTask }
        'Package' { Invoke-BuildTask; Invoke-PackageTask }
        'Test' { Invoke-TestTask }
        'Demo' { Invoke-DemoTask }
        'Shell' { Invoke-ShellTask }
        'Bench' { Invoke-BenchTask }
    }
}
finally { Stop-CompilerServer }
