# Runs one command of the module against the emulator in this (fresh) process, for tests/HostileAnswers.Tests.ps1:
# the faults are switched on by the test, the limits come from the environment the test gives this process. Writes
# one JSON object: the ids returned, each error (id, category, message), each warning, the seconds the command took,
# the files left in the folder, and the process's peak working set (VmHWM on Linux, PeakWorkingSet64 elsewhere).
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorHostModule,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $Command,
    [string] $Folder
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module $EmulatorHostModule
Connect-DemoTenant -Emulator ([pscustomobject]@{ BaseUri = $BaseUri })

$objects = [System.Collections.Generic.List[object]]::new()
$errors = [System.Collections.Generic.List[object]]::new()
$warnings = [System.Collections.Generic.List[string]]::new()
$stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
$ErrorActionPreference = 'Continue'
try {
    & ([scriptblock]::Create($Command)) 2>&1 3>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) }
        elseif ($_ -is [System.Management.Automation.WarningRecord]) { $warnings.Add($_.Message) }
        else { $objects.Add($_) }
    }
}
catch { $errors.Add($_) }
$stopwatch.Stop()

$peak = if (Test-Path /proc/self/status) {
    # /proc/self is this process (pwsh), whose peak resident set is what the limits must keep under 1 GB.
    [long]((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '') * 1024
}
else { [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }

[ordered]@{
    Ids      = @($objects | ForEach-Object { if ($_ -is [System.IO.FileInfo]) { $_.Name } else { $_.Id } })
    Errors   = @($errors | ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message } })
    Warnings = @($warnings)
    Seconds  = $stopwatch.Elapsed.TotalSeconds
    PeakWorkingSet = $peak
    Files    = @(if ($Folder -and (Test-Path $Folder)) { Get-ChildItem -LiteralPath $Folder -Force -File | ForEach-Object { [ordered]@{ Name = $_.Name; Length = $_.Length } } })
} | ConvertTo-Json -Depth 4 -Compress
