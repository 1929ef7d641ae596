<#
.SYNOPSIS
    Benchmarks Get-O365ServiceMessage against the wire alone, a bare HttpClient + JObject floor, the old
    Invoke-RestMethod loop and the official Microsoft Graph .NET SDK; the slow link; a cold runbook; import.
.DESCRIPTION
    build.ps1 -Task Bench runs this in a pwsh of its own, with SSL_CERT_FILE set to the emulator's certificate.
    The emulator's demo tenant is loaded with a synthetic dataset (default 20,000 Message Center posts and 5,000
    issues, deterministic), then the variants read every item, in interleaved rounds after warm-up rounds (until a round
    compiles fewer than -QuietJitMethods methods in this process, at most -MaxWarmUpRounds):
      (a) Get-O365ServiceMessage | <sink>
      (b) the old way: Invoke-RestMethod page by page following @odata.nextLink | <sink>
      (c) the floor: HttpClient fetching 1000-item pages, each parsed into a Newtonsoft JObject (compiled C#)
      (w) the wire alone: HttpClient reading each 1000-item page as a string, nothing parsed (compiled C#)
      (g) the official Microsoft Graph .NET SDK 6.10.0: GraphServiceClient and PageIterator over both lists, 999-item
          pages, in a process of its own (tests/Bench/GraphSdkBench), asked for one read per round
    The sink (Measure-BenchStream, compiled) counts the objects and notes when the first came, holding none.
    Medians are printed as a table with the ratios and goals, followed by the memory check at a quarter of the items
    and the cost of importing the module into a new pwsh. Results also go to out/bench/results.json.
    Then the slow link: every Graph answer of the demo tenant $LatencyMs ms late (the emulator's per-tenant latency),
    with $SlowMessages posts and $SlowIssues issues: (s1) Get-O365ServiceMessage, both lists, and (s2) the page
    (Export-O365ServiceHealthReport), each in request times (median wall time / latency).
    Then the cold runbook, with the demo tenant as it is: a new pwsh that imports the module, signs in with the demo
    app's secret and reads the status table (Get-O365ServiceStatus), against the same job written with two
    Invoke-RestMethod calls (token, healthOverviews?$expand=issues), a new pwsh that only imports the module, and a
    bare one (pwsh -c ''), in interleaved rounds whose order alternates, each pwsh with an empty cache folder (no JIT
    profile of an earlier run: a new worker); then the runbook and the Invoke-RestMethod job again, each with the
    cache folder its previous round left (a worker that ran the job before), for scale.
    Last, one table: every row a ratio of medians measured in this run, with its goal (issue 16).
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 50)] [int] $Rounds = 9,
    [ValidateRange(1000, 200000)] [int] $Messages = 20000,
    [ValidateRange(1000, 200000)] [int] $Issues = 5000,
    [ValidateRange(1, 50)] [int] $ImportRounds = 10,
    [ValidateRange(1, 100)] [int] $MaxWarmUpRounds = 25,
    [ValidateRange(0, 100000)] [int] $QuietJitMethods = 25,
    [ValidateRange(50, 5000)] [int] $LatencyMs = 400,
    [ValidateRange(1, 200000)] [int] $SlowMessages = 2500,
    [ValidateRange(1, 200000)] [int] $SlowIssues = 600,
    [string] $GraphSdkBench,
    [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'

$repoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$modulePath = Join-Path $repoRoot 'out/O365ServiceComms'
if (-not $ResultPath) { $ResultPath = Join-Path $repoRoot 'out/bench/results.json' }
Import-Module (Join-Path $repoRoot 'tests/EmulatorHost.psm1') -Force
Import-Module $modulePath -Force

# The helpers use the Newtonsoft.Json that pwsh ships, the same assembly the module uses.
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs') -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies @(
    [Newtonsoft.Json.JsonConvert].Assembly.Location, [psobject].Assembly.Location, 'System.Net.Http', 'System.Net.Primitives', 'System.Collections',
    'System.Threading', 'System.Threading.Thread', 'System.Runtime', 'System.Linq')
Import-Module -Assembly ([O365ServiceComms.Bench.MeasureBenchStreamCommand].Assembly)
$sink = [O365ServiceComms.Bench.MeasureBenchStreamCommand]
$floor = [O365ServiceComms.Bench.FloorClient]
$wire = [O365ServiceComms.Bench.WireClient]
if (-not $GraphSdkBench) {
    $configuration = if ($env:O365SC_CONFIGURATION) { $env:O365SC_CONFIGURATION } else { 'Release' }
    $GraphSdkBench = Join-Path $PSScriptRoot "GraphSdkBench/bin/$configuration/net10.0/GraphSdkBench.dll"
}
if (-not (Test-Path $GraphSdkBench)) { throw "The Graph SDK row is not built ($GraphSdkBench): run build.ps1 -Task Bench." }

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] }
    else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function ConvertTo-UtcTime($Value) {
    if ($Value -is [datetime]) { if ($Value.Kind -eq 'Local') { $Value.ToUniversalTime() } else { [datetime]::SpecifyKind($Value, 'Utc') } }
    else { [datetimeoffset]::Parse([string]$Value, [cultureinfo]::InvariantCulture).UtcDateTime }
}

function Get-Milliseconds([long] $From, [long] $To) { ($To - $From) * 1000.0 / [Diagnostics.Stopwatch]::Frequency }

# Runs one variant once and measures it: wall time, time to first object, memory and the requests the emulator saw.
function Measure-Variant {
    param([string] $Name, [scriptblock] $Run, [switch] $IsFloor, [scriptblock] $ItemCount)
    Reset-Emulator $emulator
    $sink::Reset()
    $sampler = [O365ServiceComms.Bench.MemorySampler]::new()
    $startUtc = [datetime]::UtcNow
    $start = [Diagnostics.Stopwatch]::GetTimestamp()
    & $Run
    $end = [Diagnostics.Stopwatch]::GetTimestamp()
    $sampler.Dispose()

    $count = if ($ItemCount) { & $ItemCount } elseif ($IsFloor) { $floor::Count } else { $sink::Count }
    # The wire and the Graph SDK's process note no first object.
    $firstTimestamp = if ($ItemCount) { $null } elseif ($IsFloor) { $floor::FirstObjectTimestamp } else { $sink::FirstObjectTimestamp }
    $firstUtc = if ($IsFloor) { $floor::FirstObjectUtc } else { $sink::FirstObjectUtc }
    $requests = @(Get-EmulatorRequest $emulator)
    $pages = @($requests | Where-Object { $_.path -match '/admin/serviceAnnouncement/(issues|messages)$' } |
            ForEach-Object { ConvertTo-UtcTime $_.time } | Sort-Object)
    # The second page of the first list: the other list's first page is asked for at the same time (side by side).
    $firstListPages = @($requests | Where-Object { $_.path -match '/admin/serviceAnnouncement/issues$' } |
            ForEach-Object { ConvertTo-UtcTime $_.time } | Sort-Object)
    $secondPageUtc = if ($firstListPages.Count -ge 2) { $firstListPages[1] } else { $null }
    [pscustomobject]@{
        Variant           = $Name
        Items             = $count
        TotalMs           = Get-Milliseconds $start $end
        FirstObjectMs     = if ($null -eq $firstTimestamp) { $null } else { Get-Milliseconds $start $firstTimestamp }
        SecondPageMs      = if ($secondPageUtc) { ($secondPageUtc - $startUtc).TotalMilliseconds } else { $null }
        FirstBeforeSecond = if ($secondPageUtc) { $firstUtc -lt $secondPageUtc } else { $null }
        PeakHeapMB        = $sampler.PeakHeapDeltaMB
        PeakWorkingSetMB  = $sampler.PeakWorkingSetDeltaMB
        AllocatedMB       = $sampler.AllocatedMB
        Requests          = $requests.Count
        Pages             = $pages.Count
    }
}

function Set-Dataset([int] $MessageCount, [int] $IssueCount) {
    Invoke-EmulatorControl -Emulator $emulator -Path 'dataset' -Method Post -Body @{ messages = $MessageCount; issues = $IssueCount } | Out-Null
}

function Get-Summary([object[]] $Runs) {
    [pscustomobject]@{
        Variant          = $Runs[0].Variant
        Items            = $Runs[0].Items
        TotalS           = [math]::Round((Get-Median $Runs.TotalMs) / 1000, 3)
        FirstObjectMs    = if ($null -eq $Runs[0].FirstObjectMs) { $null } else { [math]::Round((Get-Median $Runs.FirstObjectMs), 1) }
        PeakHeapMB       = [math]::Round((Get-Median $Runs.PeakHeapMB), 1)
        PeakWorkingSetMB = [math]::Round((Get-Median $Runs.PeakWorkingSetMB), 1)
        AllocatedMB      = [math]::Round((Get-Median $Runs.AllocatedMB), 0)
        Requests         = [int](Get-Median $Runs.Requests)
    }
}

# The Graph SDK row's process: started once, asked for one read of both lists per round ("run" -> "<items> <ms>").
function Start-GraphSdkBench([string] $Base, [string] $Token) {
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($GraphSdkBench, $Base, $Token)) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $ready = $process.StandardOutput.ReadLine()
    if ($ready -ne 'READY') { $process.Kill($true); throw "The Graph SDK row did not start: $ready" }
    $process
}

function Invoke-GraphSdkRead($Process) {
    $Process.StandardInput.WriteLine('run')
    $Process.StandardInput.Flush()
    $answer = $Process.StandardOutput.ReadLine()
    if ($answer -notmatch '^(\d+) ') { throw "The Graph SDK row answered: $answer" }
    [long]$Matches[1]
}

function Stop-GraphSdkBench($Process) {
    $Process.StandardInput.Close()
    if (-not $Process.WaitForExit(10000)) { $Process.Kill($true) }
    $Process.Dispose()
}

# A new pwsh (as this one runs: pwsh, or dotnet pwsh.dll) running one command; its output.
$pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
    @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
} else { @([Environment]::ProcessPath) }
$pwshArgs = @($pwsh | Select-Object -Skip 1) + @('-NoLogo', '-NoProfile', '-NonInteractive', '-Command')
# PowerShell records the methods a run compiled (StartupProfileData-NonInteractive in its cache folder) and compiles
# them on another core at the next start, for whatever that next pwsh runs. Shared by the cold jobs, one job's profile
# would serve the next, whichever that is. So a cold job starts with a cache folder of its own: empty (-Cache Empty: a
# new sandbox or worker, as an Azure Automation job gets), or the one this job left in its previous round (-Cache Own:
# a worker that ran the same job before).
$coldCacheRoot = Join-Path ([IO.Path]::GetTempPath()) "o365sc-bench-cold-$PID"
function Invoke-ColdJob([string] $Command, [string] $Job, [ValidateSet('Empty', 'Own')] [string] $Cache = 'Empty') {
    $cacheFolder = Join-Path $coldCacheRoot $Job
    if ($Cache -eq 'Empty') { Remove-Item -LiteralPath $cacheFolder -Recurse -Force -ErrorAction Ignore }
    New-Item -ItemType Directory -Path $cacheFolder -Force | Out-Null
    $savedCache = $env:XDG_CACHE_HOME
    $env:XDG_CACHE_HOME = $cacheFolder
    try { $output = & $pwsh[0] @pwshArgs $Command }
    finally { $env:XDG_CACHE_HOME = $savedCache }
    if ($LASTEXITCODE -ne 0) { throw "A cold job failed (exit code $LASTEXITCODE): $Command" }
    $output
}

$machine = [ordered]@{
    Cores      = [Environment]::ProcessorCount
    Cpu        = if (Test-Path /proc/cpuinfo) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', '') } else { $env:PROCESSOR_IDENTIFIER }
    MemoryGB   = if (Test-Path /proc/meminfo) { [math]::Round(([double]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '')) / 1MB, 0) } else { $null }
    OS         = [Runtime.InteropServices.RuntimeInformation]::OSDescription
    Runtime    = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    # build.ps1 runs this in the PowerShell tool with its main assemblies compiled ahead of time (ReadyToRun), as
    # PowerShell's release packages are; as the tool comes (IL only), every cold job would take about twice as long.
    PowerShell = '{0} ({1})' -f $PSVersionTable.PSVersion, $(if (Test-Path (Join-Path $PSHOME 'o365sc.inputs')) { 'ReadyToRun' } else { "as installed in $PSHOME" })
}

$sdk = $null
$emulator = Start-Emulator
try {
    $demo = Get-DemoTenant
    $base = $emulator.BaseUri
    $collections = @("$base/v1.0/admin/serviceAnnouncement/issues", "$base/v1.0/admin/serviceAnnouncement/messages")
    Set-Dataset $Messages $Issues
    Connect-DemoTenant -Emulator $emulator

    # The old scripts' token: client credentials posted with Invoke-RestMethod, reused for every page.
    $token = (Invoke-RestMethod -Method Post -Uri "$base/$($demo.TenantDomain)/oauth2/v2.0/token" -Body @{
            grant_type = 'client_credentials'; client_id = $demo.ClientId; client_secret = $demo.ClientSecret; scope = "$base/.default"
        }).access_token
    $headers = @{ Authorization = "Bearer $token"; Prefer = 'odata.maxpagesize=1000' }
    $sdk = Start-GraphSdkBench -Base $base -Token $token

    $variants = [ordered]@{
        '(a) Get-O365ServiceMessage' = @{ Run = { Get-O365ServiceMessage | Measure-BenchStream } }
        '(b) Invoke-RestMethod loop' = @{ Run = {
                & {
                    Set-StrictMode -Off # as the old scripts ran: the last page has no '@odata.nextLink'
                    foreach ($uri in $collections) {
                        do {
                            $page = Invoke-RestMethod -Uri $uri -Headers $headers
                            $page.value
                            $uri = $page.'@odata.nextLink'
                        } while ($uri)
                    }
                } | Measure-BenchStream
            }
        }
        '(c) HttpClient + JObject' = @{ Run = { $floor::Run($collections, $token) }; IsFloor = $true }
        # The wire parses nothing, so it counts no item: its pages are checked against the emulator's instead.
        '(w) the wire alone' = @{ Run = { $wire::Run($collections, $token) }; ItemCount = { $Messages + $Issues } }
        '(g) Microsoft Graph SDK' = @{ Run = { $script:SdkCount = Invoke-GraphSdkRead $sdk }; ItemCount = { $script:SdkCount } }
    }
    $expectedPages = [math]::Ceiling($Messages / 1000) + [math]::Ceiling($Issues / 1000)

    # .NET compiles hot code again, optimized, in the background (tiered compilation, with PGO instrumentation first),
    # for the module, PowerShell's own code and the helpers alike; until that settles, every round shares the cores
    # with the compiler. So rounds of every variant run first until one compiles fewer than $QuietJitMethods methods in
    # this process (System.Runtime.JitInfo), at most $MaxWarmUpRounds; the first round's times are kept for scale.
    Write-Host "Warm-up: rounds of each variant ($Messages posts + $Issues issues) until one compiles fewer than $QuietJitMethods methods, at most $MaxWarmUpRounds." -ForegroundColor Cyan
    $firstRound = @{}
    $warmUpRounds = 0
    do {
        $warmUpRounds++
        $compiledBefore = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        foreach ($name in $variants.Keys) {
            $variant = $variants[$name]
            $run = Measure-Variant -Name $name @variant
            if ($warmUpRounds -eq 1) { $firstRound[$name] = $run }
        }
        $compiled = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $compiledBefore
        Write-Host ("warm-up round {0}: {1} methods compiled" -f $warmUpRounds, $compiled)
    } while ($compiled -ge $QuietJitMethods -and $warmUpRounds -lt $MaxWarmUpRounds)

    $runs = [Collections.Generic.List[object]]::new()
    $compiledInRounds = [Collections.Generic.List[double]]::new()
    for ($round = 1; $round -le $Rounds; $round++) {
        $compiledBefore = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        foreach ($name in $variants.Keys) {
            $variant = $variants[$name]
            $run = Measure-Variant -Name $name @variant
            if ($run.Items -ne $Messages + $Issues) { throw "$name returned $($run.Items) items, not $($Messages + $Issues)." }
            if ($name -like '(w)*' -and ($wire::Pages -ne $expectedPages -or $run.Pages -ne $expectedPages)) { throw "$name read $($wire::Pages) pages, not $expectedPages." }
            $runs.Add($run)
            Write-Host ("round {0}: {1,-28} {2,8:N0} ms" -f $round, $name, $run.TotalMs)
        }
        $compiledInRounds.Add([System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $compiledBefore)
    }

    # Memory against item count: what holding every item takes, for scale; then (a) with a quarter of the items.
    $held = @{ Run = { $all = @(Get-O365ServiceMessage); $all | Measure-BenchStream } }
    $heldRuns = @(1..$Rounds | ForEach-Object { Measure-Variant -Name '(a) held in an array, for scale' @held })
    $smallMessages = [int]($Messages / 4); $smallIssues = [int]($Issues / 4)
    Set-Dataset $smallMessages $smallIssues
    $variant = $variants['(a) Get-O365ServiceMessage']
    Measure-Variant -Name 'warm-up' @variant | Out-Null
    $smallRuns = @(1..$Rounds | ForEach-Object { Measure-Variant -Name "(a) at $($smallMessages + $smallIssues) items" @variant })

    # The slow link: both lists are read side by side (3 pages of posts, 1 of issues: about 3 request times, not 4),
    # and the page's two reads too (about 1, not 2).
    Set-Dataset $SlowMessages $SlowIssues
    Invoke-EmulatorControl -Emulator $emulator -Path 'latency' -Method Post -Body @{ milliseconds = $LatencyMs } | Out-Null
    $pagePath = Join-Path ([IO.Path]::GetTempPath()) "o365sc-bench-page-$PID.html"
    $slowVariants = [ordered]@{
        "(s1) both lists, $LatencyMs ms a request" = @{ Run = { Get-O365ServiceMessage | Measure-BenchStream } }
        "(s2) the page, $LatencyMs ms a request" = @{ Run = { Export-O365ServiceHealthReport -Path $pagePath | Out-Null } }
    }
    foreach ($name in $slowVariants.Keys) { $variant = $slowVariants[$name]; Measure-Variant -Name $name @variant | Out-Null }
    $slowRuns = [Collections.Generic.List[object]]::new()
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($name in $slowVariants.Keys) {
            $variant = $slowVariants[$name]
            $run = Measure-Variant -Name $name @variant
            if ($name -like '(s1)*' -and $run.Items -ne $SlowMessages + $SlowIssues) { throw "$name returned $($run.Items) items, not $($SlowMessages + $SlowIssues)." }
            $slowRuns.Add($run)
            Write-Host ("round {0}: {1,-34} {2,8:N0} ms ({3:N2} request times)" -f $round, $name, $run.TotalMs, ($run.TotalMs / $LatencyMs))
        }
    }
    Invoke-EmulatorControl -Emulator $emulator -Path 'latency' -Method Post -Body @{ milliseconds = 0 } | Out-Null
    Remove-Item -LiteralPath $pagePath -ErrorAction SilentlyContinue

    # The cold runbook, against the demo tenant as it is (not the large dataset): each job a new pwsh.
    Invoke-EmulatorControl -Emulator $emulator -Path 'scale/reset' -Method Post | Out-Null
    $coldJobs = [ordered]@{
        bare   = ''
        import = "Import-Module '$modulePath'"
        module = @"
Import-Module '$modulePath'
Connect-O365ServiceComms -TenantId '$($demo.TenantDomain)' -ClientId '$($demo.ClientId)' -ClientSecret (ConvertTo-SecureString '$($demo.ClientSecret)' -AsPlainText -Force) -AuthorityHost '$base' -GraphEndpoint '$base'
@(Get-O365ServiceStatus).Count
"@
        irm    = @"
`$token = (Invoke-RestMethod -Method Post -Uri '$base/$($demo.TenantDomain)/oauth2/v2.0/token' -Body @{ grant_type = 'client_credentials'; client_id = '$($demo.ClientId)'; client_secret = '$($demo.ClientSecret)'; scope = '$base/.default' }).access_token
@((Invoke-RestMethod -Uri '$base/v1.0/admin/serviceAnnouncement/healthOverviews?`$expand=issues' -Headers @{ Authorization = "Bearer `$token" }).value).Count
"@
    }
    # The same two jobs again on a worker that ran them before (-Cache Own), for scale: no goal.
    $coldJobs['module again'] = $coldJobs.module
    $coldJobs['irm again'] = $coldJobs.irm
    $cacheOf = @{ 'module again' = 'Own'; 'irm again' = 'Own' }
    $cold = @{}
    foreach ($job in $coldJobs.Keys) {
        $cold[$job] = [Collections.Generic.List[double]]::new()
        Invoke-ColdJob $coldJobs[$job] -Job $job -Cache ($cacheOf[$job] ?? 'Empty') | Out-Null
    }
    $coldOrder = @($coldJobs.Keys)
    for ($round = 0; $round -lt $ImportRounds; $round++) {
        # The order alternates: a pwsh started right after another one is measurably slower here, and a fixed order
        # would charge that to one side.
        $order = if ($round % 2) { @($coldOrder[-1..-($coldOrder.Count)]) } else { $coldOrder }
        $counts = @{}
        foreach ($job in $order) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $counts[$job] = Invoke-ColdJob $coldJobs[$job] -Job $job -Cache ($cacheOf[$job] ?? 'Empty')
            $cold[$job].Add($watch.Elapsed.TotalSeconds)
        }
        # Both jobs read the whole status table.
        foreach ($pair in @(('module', 'irm'), ('module again', 'irm again'))) {
            if ([int]$counts[$pair[0]] -lt 1 -or [int]$counts[$pair[0]] -ne [int]$counts[$pair[1]]) { throw "The cold jobs read $($counts[$pair[0]]) ($($pair[0])) and $($counts[$pair[1]]) ($($pair[1])) services." }
        }
        Write-Host ("round {0}: cold runbook {1:N3} s, Invoke-RestMethod job {2:N3} s, import {3:N3} s, bare pwsh {4:N3} s; ran before: {5:N3} s against {6:N3} s" -f ($round + 1), $cold.module[-1], $cold.irm[-1], $cold.import[-1], $cold.bare[-1], $cold['module again'][-1], $cold['irm again'][-1])
    }
    $bare = $cold.bare; $import = $cold.import
}
finally {
    Remove-Item -LiteralPath $coldCacheRoot -Recurse -Force -ErrorAction Ignore
    if ($sdk) { Stop-GraphSdkBench $sdk }
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $emulator
}

# ---- report ----
$summary = @($variants.Keys | ForEach-Object { $name = $_; Get-Summary @($runs | Where-Object Variant -eq $name) })
$a = $summary[0]; $b = $summary[1]; $c = $summary[2]
$small = Get-Summary $smallRuns
$heldSummary = Get-Summary $heldRuns
$aRuns = @($runs | Where-Object Variant -eq $a.Variant)
$firstBefore = @($aRuns | Where-Object FirstBeforeSecond).Count
$importCost = (Get-Median $import) - (Get-Median $bare)
function Get-VariantMs([string] $Prefix) { Get-Median @($runs | Where-Object { $_.Variant -like "$Prefix*" }).TotalMs }
$ms = @{ a = Get-VariantMs '(a)'; b = Get-VariantMs '(b)'; c = Get-VariantMs '(c)'; w = Get-VariantMs '(w)'; g = Get-VariantMs '(g)' }
$ratioAC = $ms.a / $ms.c
# Flat: 4x the items may add no more than 5% of what holding them takes (holding grows with the count).
$memoryGrowth = $a.PeakHeapMB - $small.PeakHeapMB
$memoryFlat = $memoryGrowth -le 0.05 * $heldSummary.PeakHeapMB

function Get-Verdict([bool] $Met) { if ($Met) { 'met' } else { 'MISSED' } }

$machineLine = "Machine: {0} cores ({1}), {2} GB RAM, {3}; {4}; PowerShell {5}; load average {6} at the end. Emulator on the same machine." -f
    $machine.Cores, $machine.Cpu, $machine.MemoryGB, $machine.OS, $machine.Runtime, $machine.PowerShell,
    $(if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'n/a' })
Write-Host ''
Write-Host $machineLine
Write-Host ("{0} Message Center posts + {1} issues, 1000 a page; medians of {2} rounds after {3} warm-up rounds (the last compiled {4} methods; the measured rounds a median of {5})." -f
    $Messages, $Issues, $Rounds, $warmUpRounds, $compiled, (Get-Median $compiledInRounds))
# (g) runs in a process of its own: this process's memory says nothing of it.
($summary + $small + $heldSummary) | Where-Object { $_.Variant -notlike '(g)*' } | Format-Table -AutoSize @(
    @{ Label = 'variant'; Expression = { $_.Variant } }
    @{ Label = 'items'; Expression = { $_.Items }; Align = 'Right' }
    @{ Label = 'total s'; Expression = { '{0:N3}' -f $_.TotalS }; Align = 'Right' }
    @{ Label = 'first object ms'; Expression = { if ($null -eq $_.FirstObjectMs) { '-' } else { '{0:N1}' -f $_.FirstObjectMs } }; Align = 'Right' }
    @{ Label = 'peak heap MB'; Expression = { '{0:N1}' -f $_.PeakHeapMB }; Align = 'Right' }
    @{ Label = 'peak WS MB'; Expression = { '{0:N1}' -f $_.PeakWorkingSetMB }; Align = 'Right' }
    @{ Label = 'allocated MB'; Expression = { '{0:N0}' -f $_.AllocatedMB }; Align = 'Right' }
    @{ Label = 'requests'; Expression = { $_.Requests }; Align = 'Right' }
) | Out-String -Width 200 | Write-Host

$withSecondPage = @($aRuns | Where-Object { $null -ne $_.SecondPageMs })
$secondPage = if ($withSecondPage.Count) { Get-Median $withSecondPage.SecondPageMs } else { $null }
$goals = @(
    [pscustomobject]@{ Goal = '(a) within 1.2x of (c)'; Measured = '{0:N2}x' -f $ratioAC; Verdict = Get-Verdict ($ratioAC -le 1.2) }
    [pscustomobject]@{ Goal = '(a) first object before the second page is requested'
        Measured = '{0:N0} ms vs {1:N0} ms; {2} of {3} rounds' -f $a.FirstObjectMs, $secondPage, $firstBefore, $aRuns.Count
        Verdict = Get-Verdict ($firstBefore -eq $aRuns.Count) }
    [pscustomobject]@{ Goal = '(a) memory flat: 4x the items add at most 5% of what holding them takes'
        Measured = '{0:N1} MB at {1:N0} items vs {2:N1} MB at {3:N0}; holding {1:N0} takes {4:N0} MB' -f $a.PeakHeapMB, $a.Items, $small.PeakHeapMB, $small.Items, $heldSummary.PeakHeapMB
        Verdict = Get-Verdict $memoryFlat }
)
$slowSummary = @($slowVariants.Keys | ForEach-Object {
        $name = $_
        $named = @($slowRuns | Where-Object Variant -eq $name)
        [pscustomobject]@{
            Variant      = $name
            Items        = $named[0].Items
            TotalS       = [math]::Round((Get-Median $named.TotalMs) / 1000, 3)
            RequestTimes = [math]::Round((Get-Median $named.TotalMs) / $LatencyMs, 2)
            Requests     = [int](Get-Median $named.Requests)
        }
    })
Write-Host ("Slow link: every Graph answer {0} ms late; {1} posts + {2} issues; medians of {3} rounds after one warm-up round." -f $LatencyMs, $SlowMessages, $SlowIssues, $Rounds)
$slowSummary | Format-Table -AutoSize @(
    @{ Label = 'variant'; Expression = { $_.Variant } }
    @{ Label = 'items'; Expression = { $_.Items }; Align = 'Right' }
    @{ Label = 'total s'; Expression = { '{0:N3}' -f $_.TotalS }; Align = 'Right' }
    @{ Label = 'request times'; Expression = { '{0:N2}' -f $_.RequestTimes }; Align = 'Right' }
    @{ Label = 'requests'; Expression = { $_.Requests }; Align = 'Right' }
) | Out-String -Width 200 | Write-Host
$goals | Format-Table -AutoSize -Wrap | Out-String -Width 200 | Write-Host

# The one table: each row a ratio of medians measured in this run.
$coldMedian = @{}; foreach ($job in $cold.Keys) { $coldMedian[$job] = Get-Median $cold[$job] }
$coldRatio = $coldMedian.module / $coldMedian.irm
$items = '{0:N0} items' -f ($Messages + $Issues)
function New-Row([string] $Row, [string] $Measured, [string] $Ratio, [string] $Goal, $Met) {
    [pscustomobject]@{ Row = $Row; Measured = $Measured; Ratio = $Ratio; Goal = $Goal; Verdict = if ($null -eq $Met) { '' } else { Get-Verdict $Met } }
}
$table = @(
    New-Row "(a) the module: Get-O365ServiceMessage, $items" ('{0:N3} s' -f ($ms.a / 1000)) ('{0:N2}x the wire' -f ($ms.a / $ms.w)) 'at most 1.3x the wire' (($ms.a / $ms.w) -le 1.3)
    New-Row '(a1) the first read after import, for scale: the first warm-up round' ('{0:N3} s vs {1:N3} s' -f ($firstRound['(a) Get-O365ServiceMessage'].TotalMs / 1000), ($firstRound['(w) the wire alone'].TotalMs / 1000)) ('{0:N2}x the wire''s first read' -f ($firstRound['(a) Get-O365ServiceMessage'].TotalMs / $firstRound['(w) the wire alone'].TotalMs)) '' $null
    New-Row '(c) HttpClient + JObject (the floor)' ('{0:N3} s' -f ($ms.c / 1000)) ('{0:N2}x the wire; {1:N2}x (a)' -f ($ms.c / $ms.w), ($ms.c / $ms.a)) '' $null
    New-Row '(w) the wire alone: HttpClient, pages as strings' ('{0:N3} s' -f ($ms.w / 1000)) '1.00x the wire' '' $null
    New-Row '(b) the old Invoke-RestMethod loop' ('{0:N3} s' -f ($ms.b / 1000)) ('{0:N2}x the wire; {1:N1}x (a)' -f ($ms.b / $ms.w), ($ms.b / $ms.a)) '' $null
    New-Row '(g) Microsoft Graph .NET SDK 6.10.0, PageIterator, 999 a page' ('{0:N3} s' -f ($ms.g / 1000)) ('{0:N2}x the wire; {1:N1}x (a)' -f ($ms.g / $ms.w), ($ms.g / $ms.a)) 'at least 5x (a)' (($ms.g / $ms.a) -ge 5)
    New-Row "(s1) both lists at $LatencyMs ms a request ($SlowIssues issues, $SlowMessages posts)" ('{0:N3} s' -f $slowSummary[0].TotalS) ('{0:N2} request times' -f $slowSummary[0].RequestTimes) 'at most 3.3' ($slowSummary[0].RequestTimes -le 3.3)
    New-Row "(s2) the page at $LatencyMs ms a request" ('{0:N3} s' -f $slowSummary[1].TotalS) ('{0:N2} request times' -f $slowSummary[1].RequestTimes) 'at most 1.3' ($slowSummary[1].RequestTimes -le 1.3)
    New-Row '(r) cold runbook: new pwsh, import, sign in, status table' ('{0:N3} s vs {1:N3} s' -f $coldMedian.module, $coldMedian.irm) ('{0:N2}x the Invoke-RestMethod job' -f $coldRatio) 'at most 1.0x' ($coldRatio -le 1.0)
    New-Row '(r2) the same on a worker that ran both jobs before (PowerShell''s JIT profile of their last run)' ('{0:N3} s vs {1:N3} s' -f $coldMedian['module again'], $coldMedian['irm again']) ('{0:N2}x the Invoke-RestMethod job' -f ($coldMedian['module again'] / $coldMedian['irm again'])) '' $null
    New-Row "(i) import: pwsh -c 'Import-Module' against pwsh -c ''" ('{0:N3} s vs {1:N3} s' -f $coldMedian.import, $coldMedian.bare) ('adds {0:N3} s' -f $importCost) 'at most 0.15 s' ($importCost -le 0.15)
)
Write-Host ("Issue 16's table: medians of {0} rounds after {1} warm-up rounds (cold jobs and import: {2} rounds), each ratio from this run." -f $Rounds, $warmUpRounds, $ImportRounds)
$table | Format-Table -AutoSize -Wrap | Out-String -Width 220 | Write-Host
Write-Host @'
How it is measured: total = wall time from the call to the last object in the sink; first object = until the sink
(or, for (c), the first parsed page) had its first item; peak heap = the largest managed heap a GC left behind during
the run (GCMemoryInfo.HeapSizeBytes, sampled every 5 ms) minus the heap after a full GC before it: what the run held
at once; peak WS = the same for the process working set (it grows only where earlier rounds did not already commit
the memory); allocated = all bytes allocated during the run; requests = what the emulator logged (token and Graph).
(g) is timed from this process, around its request to the SDK's process and the answer (a millisecond of the pipe).
Cold jobs: wall time of a new pwsh (-NoProfile -NonInteractive -Command) from start to exit, each with a cache folder
of its own (XDG_CACHE_HOME): empty for (r) and (i), as on a new worker; for (r2) the one its previous round left, with
PowerShell's profile of the methods that run compiled, which the next run compiles ahead on another core.
'@

New-Item -ItemType Directory -Path (Split-Path $ResultPath) -Force | Out-Null
$markdown = @("| row | measured | ratio | goal | verdict |", '| --- | ---: | ---: | --- | --- |') +
    @($table | ForEach-Object { '| {0} | {1} | {2} | {3} | {4} |' -f $_.Row, $_.Measured, $_.Ratio, $_.Goal, $_.Verdict })
$markdownPath = Join-Path (Split-Path $ResultPath) 'table.md'
(@("Measured $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC. $machineLine", '') + $markdown) | Set-Content -Path $markdownPath
[ordered]@{
    Machine = $machine; Messages = $Messages; Issues = $Issues; Rounds = $Rounds
    WarmUpRounds = $warmUpRounds; CompiledInLastWarmUpRound = $compiled; CompiledInRounds = $compiledInRounds; FirstRound = $firstRound
    Summary = $summary; Small = $small; Held = $heldSummary; Goals = $goals; Table = $table
    SlowLink = [ordered]@{ LatencyMs = $LatencyMs; Messages = $SlowMessages; Issues = $SlowIssues; Summary = $slowSummary; Runs = $slowRuns }
    ImportSeconds = [ordered]@{ Bare = Get-Median $bare; Import = Get-Median $import; Added = $importCost }
    ColdRunbookSeconds = [ordered]@{ Module = $coldMedian.module; InvokeRestMethod = $coldMedian.irm; Ratio = $coldRatio; Runs = $cold }
    RanBeforeSeconds = [ordered]@{ Module = $coldMedian['module again']; InvokeRestMethod = $coldMedian['irm again']; Ratio = $coldMedian['module again'] / $coldMedian['irm again'] }
    Runs = $runs; SmallRuns = $smallRuns; HeldRuns = $heldRuns
} | ConvertTo-Json -Depth 5 | Set-Content -Path $ResultPath
Write-Host "Results: $ResultPath; the table as markdown: $markdownPath"
