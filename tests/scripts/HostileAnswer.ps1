# Runs commands of the module against the emulator for tests/HostileAnswers.Tests.ps1, one after another in this
# process: each request is one line of JSON on standard input, {"Command": ..., "Folder": ..., "Environment": {...}};
# each answer is one line on standard output, "RESULT " and a JSON object: the ids returned, each error (id, category,
# message), each warning, the seconds the command took, the files left in the folder, and the peak working set of this
# process during the command (VmHWM on Linux, reset before each command; PeakWorkingSet64 elsewhere).
# The limits are the environment each request gives: the module reads them at each command. The faults are switched on
# by the test. The test gives each command a deadline and starts a new process when one did not end or ended this one.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorHostModule,
    [Parameter(Mandatory)] [string] $BaseUri
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module $EmulatorHostModule
Connect-DemoTenant -Emulator ([pscustomobject]@{ BaseUri = $BaseUri })
[Console]::Out.WriteLine('READY')
[Console]::Out.Flush()

while ($null -ne ($line = [Console]::In.ReadLine())) {
    $request = $line | ConvertFrom-Json
    Get-ChildItem env: | Where-Object Name -like 'O365SERVICECOMMS_*' | ForEach-Object { Remove-Item -LiteralPath "env:$($_.Name)" }
    foreach ($variable in @($request.Environment.PSObject.Properties)) { Set-Item -LiteralPath "env:$($variable.Name)" -Value ([string]$variable.Value) }
    # The peak resident set from here on (Linux 4.0 and later): "5" resets VmHWM to the current resident set.
    if (Test-Path /proc/self/clear_refs) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }

    $objects = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[object]]::new()
    $warnings = [System.Collections.Generic.List[string]]::new()
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $ErrorActionPreference = 'Continue'
    try {
        & ([scriptblock]::Create($request.Command)) 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) { $warnings.Add($_.Message) }
            else { $objects.Add($_) }
        }
    }
    catch { $errors.Add($_) }
    $stopwatch.Stop()
    $ErrorActionPreference = 'Stop'

    $peak = if (Test-Path /proc/self/status) {
        # /proc/self is this process (pwsh), whose peak resident set is what the limits must keep under 1 GB.
        [long]((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '') * 1024
    }
    else { [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }

    $folder = $request.Folder
    $result = [ordered]@{
        Ids      = @($objects | ForEach-Object { if ($_ -is [System.IO.FileInfo]) { $_.Name } else { $_.Id } })
        Errors   = @($errors | ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message } })
        Warnings = @($warnings)
        Seconds  = $stopwatch.Elapsed.TotalSeconds
        PeakWorkingSet = $peak
        Files    = @(if ($folder -and (Test-Path $folder)) { Get-ChildItem -LiteralPath $folder -Force -File | ForEach-Object { [ordered]@{ Name = $_.Name; Length = $_.Length } } })
    } | ConvertTo-Json -Depth 4 -Compress
    [Console]::Out.WriteLine("RESULT $result")
    [Console]::Out.Flush()
}
