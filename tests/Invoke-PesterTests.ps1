<#
.SYNOPSIS
    Runs the Pester suite (tests/*.Tests.ps1) against the built module and writes the counts as JSON.
.DESCRIPTION
    build.ps1 -Task Test starts this in a pwsh of its own, with SSL_CERT_FILE set to the emulator's certificate.

    One emulator process serves the whole run (tests/EmulatorHost.psm1: each test file gets an emulator of its own
    inside it). The files run in -Workers pwsh processes side by side: each worker takes the next file not yet taken,
    the longest first (the durations of the last run, out/test-results/../pester-durations.json, or a list of the
    known slow ones), and runs it with Invoke-Pester; the counts of all files are merged into -SummaryPath.
#>
param(
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot),
    [ValidateRange(1, 16)] [int] $Workers = 3,
    # Internal: a worker of a run, which takes files from this folder's queue.
    [string] $QueuePath
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

# Files that take longest, first, when no earlier run says how long each takes: they should not start last.
$script:KnownSlow = @('HostileAnswers', 'Reliability', 'MultiTenant', 'DataSafety', 'SignIn.Delegated', 'BothLists', 'StatusPage.Browser',
    'Publishing', 'Shell', 'Isolation', 'DailyUse', 'SignIn.AccessToken', 'WindowsPowerShell', 'TrustedRoots', 'Package', 'Connection',
    'ViewPoint', 'SignIn.Certificate', 'Help', 'Filters')

# Pester comes from NuGet: the test project's restore downloads it into the global packages folder. The workers get
# the path from the run, which asks dotnet for that folder once (Get-NuGetPackagesPath passes it on to the workers and
# the tests in O365SC_NUGET_PACKAGES).
function Import-Pester {
    Resolve-Pester
    Import-Module $env:O365SC_PESTER_MODULE -Force
}

function Resolve-Pester {
    if (-not $env:O365SC_PESTER_MODULE) {
        Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
        $env:O365SC_PESTER_MODULE = Join-Path (Get-NuGetPackagesPath) 'pester/5.7.1/tools/Pester.psd1'
    }
    if (-not (Test-Path $env:O365SC_PESTER_MODULE)) { throw "Pester 5.7.1 is not restored ($env:O365SC_PESTER_MODULE). Run ./build.ps1 -Task Test, which restores it." }
}

# CPU seconds of this process and of the processes it started and waited for (Linux: /proc/self/stat), else of this one.
function Get-CpuSeconds {
    if (Test-Path /proc/self/stat) {
        $fields = ((Get-Content /proc/self/stat -Raw) -replace '^.*\) ', '') -split ' '
        # utime, stime, cutime, cstime: fields 14-17 of stat(5), 12-15 after the name; clock ticks of 1/100 s.
        return ([double]$fields[11] + [double]$fields[12] + [double]$fields[13] + [double]$fields[14]) / 100
    }
    [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
}

# One file with Invoke-Pester: its counts, and the skipped tests with the reason they give.
function Invoke-TestFile([string] $File) {
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $File
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.Output.RenderMode = 'Plaintext'
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    $cpu = Get-CpuSeconds
    $result = Invoke-Pester -Configuration $configuration
    [pscustomobject]@{
        File         = [IO.Path]::GetFileName($File)
        Seconds      = [math]::Round($stopwatch.Elapsed.TotalSeconds, 1)
        # Of the worker and the processes the file started (not the emulator's share).
        CpuSeconds   = [math]::Round((Get-CpuSeconds) - $cpu, 1)
        Passed       = $result.PassedCount
        # Tests that could not run (a failing BeforeAll, a broken file) count as failed.
        Failed       = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Skipped      = $result.SkippedCount
        SkippedTests = @($result.Skipped | ForEach-Object {
                [pscustomobject]@{
                    Block  = $_.Block.ExpandedPath
                    Test   = $_.ExpandedPath
                    Reason = (@($_.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' ') -replace '^is skipped, because ', ''
                }
            })
    }
}

# A worker: takes the queue's files in order, each one that no other worker took first, and writes a result per file.
# The workers start while the run's emulator starts: they load Pester meanwhile, then wait for its address.
function Invoke-Worker([string] $Queue) {
    Import-Pester
    if (-not $env:O365SC_EMULATOR_HOST) { $env:O365SC_EMULATOR_HOST = Wait-EmulatorAddress $Queue }
    $files = @(Get-Content (Join-Path $Queue 'files.txt'))
    for ($index = 0; $index -lt $files.Count; $index++) {
        try {
            [IO.File]::Open((Join-Path $Queue "taken-$index"), [IO.FileMode]::CreateNew).Dispose()
        }
        catch [IO.IOException] {
            continue
        }
        $fileResult = Invoke-TestFile $files[$index]
        $fileResult | ConvertTo-Json -Depth 4 | Set-Content -Path (Join-Path $Queue "result-$index.json")
    }
}

# The run writes the emulator's address into the queue once it listens, or an empty file when it did not start.
function Publish-EmulatorAddress([string] $Queue, [string] $Address) {
    $path = Join-Path $Queue 'emulator.txt'
    Set-Content -Path "$path.tmp" -Value $Address -NoNewline
    Move-Item "$path.tmp" $path -Force
}

function Wait-EmulatorAddress([string] $Queue) {
    $path = Join-Path $Queue 'emulator.txt'
    $deadline = [DateTime]::UtcNow.AddMinutes(2)
    while (-not (Test-Path $path)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The run's emulator did not start within 2 minutes." }
        Start-Sleep -Milliseconds 50
    }
    $address = Get-Content $path -Raw
    if (-not $address) { throw "The run's emulator did not start (see the run's output)." }
    $address
}

if ($QueuePath) {
    Invoke-Worker $QueuePath
    exit 0
}

# pwsh -File passes a list as one string: a,b,c.
$files = @(foreach ($item in @($Path | ForEach-Object { $_ -split ',' })) {
        if (Test-Path $item -PathType Container) { Get-ChildItem $item -Recurse -File -Filter '*.Tests.ps1' | ForEach-Object FullName }
        else { (Resolve-Path $item).Path }
    })
$durationsPath = Join-Path $PSScriptRoot '../out/pester-durations.json'
$durations = @{}
if (Test-Path $durationsPath) {
    (Get-Content $durationsPath -Raw | ConvertFrom-Json).PSObject.Properties | ForEach-Object { $durations[$_.Name] = [double]$_.Value }
}
$files = @($files | Sort-Object -Descending {
        $name = [IO.Path]::GetFileName($_)
        if ($durations.ContainsKey($name)) { $durations[$name] }
        else {
            $slow = [array]::IndexOf($script:KnownSlow, $name -replace '\.Tests\.ps1$', '')
            if ($slow -ge 0) { 100 - $slow } else { 1 }
        }
    })

$queue = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "o365sc-pester-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))")
$files | Set-Content -Path (Join-Path $queue 'files.txt')

# As build.ps1 -Task Test sets them: the workers and the processes they start are short-lived, and PowerShell's dynamic
# methods are compiled without optimisation (see there).
foreach ($setting in @{ DOTNET_TieredPGO = '0'; DOTNET_TC_CallCountingDelayMs = '1000'; DOTNET_TC_CallCountThreshold = '1000'; DOTNET_JITMinOpts = '1' }.GetEnumerator()) {
    if (-not [Environment]::GetEnvironmentVariable($setting.Key)) { [Environment]::SetEnvironmentVariable($setting.Key, $setting.Value) }
}

Import-Module (Join-Path $PSScriptRoot 'EmulatorHost.psm1') -Force
Resolve-Pester
$workerCount = [math]::Min($Workers, $files.Count)
$stopwatch = [Diagnostics.Stopwatch]::StartNew()
$running = @()
if ($workerCount -gt 1) {
    $pwsh = @([Environment]::ProcessPath)
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
    $running = @(foreach ($worker in 1..$workerCount) {
            $log = Join-Path $queue "worker-$worker.log"
            $process = Start-Process -FilePath $pwsh[0] -NoNewWindow -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err" -ArgumentList (
                @($pwsh | Select-Object -Skip 1) + @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-SummaryPath', $SummaryPath, '-QueuePath', $queue))
            [pscustomobject]@{ Worker = $worker; Process = $process; Log = $log }
        })
}

# The run's one emulator process.
$emulatorHost = $null
try {
    if (-not $env:O365SC_EMULATOR_HOST) {
        try { $emulatorHost = Start-Emulator -OwnProcess }
        finally { Publish-EmulatorAddress $queue $(if ($emulatorHost) { $emulatorHost.BaseUri } else { '' }) }
        $env:O365SC_EMULATOR_HOST = $emulatorHost.BaseUri
    }
    else { Publish-EmulatorAddress $queue $env:O365SC_EMULATOR_HOST }

    if ($workerCount -le 1) {
        Invoke-Worker $queue
    }
    else {
        # Each worker's output once it ends, so that its files read one after the other.
        $pending = [Collections.Generic.List[object]]::new($running)
        while ($pending.Count -gt 0) {
            $ended = @($pending | Where-Object { $_.Process.HasExited })
            foreach ($worker in $ended) {
                $worker.Process.WaitForExit()
                Write-Host "---- Pester worker $($worker.Worker) (exit code $($worker.Process.ExitCode)) ----"
                Get-Content $worker.Log | Write-Host
                $errors = Get-Content "$($worker.Log).err" -Raw -ErrorAction Ignore
                if ($errors) { Write-Host $errors }
                $null = $pending.Remove($worker)
            }
            if ($pending.Count -gt 0) { Start-Sleep -Milliseconds 200 }
        }
    }
    $wallSeconds = $stopwatch.Elapsed.TotalSeconds
}
finally {
    # Workers left behind by a run that failed.
    $running | Where-Object { -not $_.Process.HasExited } | ForEach-Object { $_.Process.Kill($true) }
    if ($emulatorHost) {
        Stop-Emulator $emulatorHost
        $env:O365SC_EMULATOR_HOST = $null
    }
}

$results = @(for ($index = 0; $index -lt $files.Count; $index++) {
        $resultPath = Join-Path $queue "result-$index.json"
        if (Test-Path $resultPath) { Get-Content $resultPath -Raw | ConvertFrom-Json }
        else {
            # A worker that died in the middle of a file: the file counts as one failure.
            Write-Host "No result for $($files[$index]): its worker ended before it finished." -ForegroundColor Red
            [pscustomobject]@{ File = [IO.Path]::GetFileName($files[$index]); Seconds = 0; CpuSeconds = 0; Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @() }
        }
    })
Remove-Item $queue -Recurse -Force -ErrorAction Ignore

# The slowest files, for whoever balances the workers next; kept for the next run's order.
$known = @{}
foreach ($entry in $durations.GetEnumerator()) { $known[$entry.Key] = $entry.Value }
foreach ($fileResult in $results) { if ($fileResult.Seconds -gt 0) { $known[$fileResult.File] = $fileResult.Seconds } }
New-Item -ItemType Directory -Force -Path (Split-Path $durationsPath) | Out-Null
[pscustomobject]$known | ConvertTo-Json | Set-Content -Path $durationsPath
$slowest = @($results | Sort-Object Seconds -Descending | Select-Object -First 8 | ForEach-Object { "$($_.File -replace '\.Tests\.ps1$', '') $($_.Seconds) s ($($_.CpuSeconds) s CPU)" }) -join ', '
Write-Host ("Pester: {0} files in {1} worker(s), {2:0} s, {3:0} s CPU in the files; slowest: {4}" -f $files.Count, [math]::Max(1, $workerCount), $wallSeconds,
    ($results | Measure-Object CpuSeconds -Sum).Sum, $slowest)

$failed = ($results | Measure-Object Failed -Sum).Sum
[pscustomobject]@{
    Passed       = [int]($results | Measure-Object Passed -Sum).Sum
    Failed       = [int]$failed
    Skipped      = [int]($results | Measure-Object Skipped -Sum).Sum
    SkippedTests = @($results | ForEach-Object { $_.SkippedTests } | Where-Object { $_ })
    Files        = @($results | Select-Object File, Seconds, CpuSeconds, Passed, Failed, Skipped)
} | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath
exit ([int]($failed -gt 0))
