# Hostile and broken answers (issue 15, points 2-5): endless paging, dripping, stalled and lying bodies, gzip bombs,
# oversized downloads, null entries. The commands run in a pwsh of their own (tests/scripts/HostileAnswer.ps1), one
# after another, each under a deadline, so a regression fails its test instead of hanging the run; a process that a
# command ended or that missed a deadline is replaced for the next test. Each command gets small limits through the
# environment (idle timeout 2 s, deadline 5 s), as an admin would set larger ones for a slow link; a test that waits for
# one of them to pass sets it shorter still ($script:DripLimits, $script:StallLimits), so that the suite waits less. Each test checks
# that the process lived, the call ended within its bound with a clear error and a stable id, the peak working set
# during the command stayed under 1 GB, no file or partial file was left, and every good item still came.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:Script = Join-Path $PSScriptRoot 'scripts/HostileAnswer.ps1'
    $script:EmulatorHostModule = Join-Path $PSScriptRoot 'EmulatorHost.psm1'
    $script:OneGigabyte = 1GB
    $script:SmallLimits = @{
        O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS     = '2'
        O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS = '5'
    }
    # For an answer that drips one byte a second: an idle timeout well above the drip's 1 s gaps, so that only the
    # deadline can end it, even when a loaded machine stretches a gap past 2 s (an idle stall is asked for again, which
    # these tests must not see).
    $script:DripLimits = @{
        O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS     = '4'
        O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS = '2.5'
    }
    # For an answer that stops sending altogether.
    $script:StallLimits = @{
        O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS     = '1.2'
        O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS = '5'
    }
    $script:Child = $null

    # The pwsh that runs the commands, connected to the emulator's demo tenant: the one of the last test while it lives.
    function Get-HostileChild {
        if ($script:Child -and -not $script:Child.Process.HasExited) { return $script:Child }
        $processPath = [Environment]::ProcessPath
        $start = [System.Diagnostics.ProcessStartInfo]::new($processPath)
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $script:Script, '-ModulePath', $script:ModulePath,
                '-EmulatorHostModule', $script:EmulatorHostModule, '-BaseUri', $script:Emulator.BaseUri)) { $start.ArgumentList.Add($argument) }
        $start.Environment['NO_COLOR'] = '1'
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $script:Child = [pscustomobject]@{ Process = $process; Error = $process.StandardError.ReadToEndAsync() }
        $ready = Read-ChildLine 120
        if ($ready -ne 'READY') { Stop-HostileChild; throw "The child pwsh did not start: $ready" }
        $script:Child
    }

    # The child's next line, or null when it ended; a child that says nothing within the seconds is stopped.
    function Read-ChildLine([int] $TimeoutSeconds) {
        $read = $script:Child.Process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([TimeSpan]::FromSeconds($TimeoutSeconds))) {
            Stop-HostileChild
            throw "The command did not finish within $TimeoutSeconds s."
        }
        $read.Result
    }

    function Stop-HostileChild {
        if (-not $script:Child) { return }
        if (-not $script:Child.Process.HasExited) { $script:Child.Process.Kill($true) }
        $script:Child.Process.WaitForExit()
        $script:Child.Process.Dispose()
        $script:Child = $null
    }

    # Runs the command in the child with the given limits; fails the test if it does not end within $TimeoutSeconds
    # or the process does not live through it (a crash, a stack overflow, out of memory).
    function Invoke-Hostile {
        param([string] $Command, [hashtable] $Environment = $script:SmallLimits, [string] $Folder, [int] $TimeoutSeconds = 120)
        $child = Get-HostileChild
        $child.Process.StandardInput.WriteLine((@{ Command = $Command; Folder = $Folder; Environment = $Environment } | ConvertTo-Json -Compress))
        $child.Process.StandardInput.Flush()
        $output = [System.Collections.Generic.List[string]]::new()
        while ($true) {
            $line = Read-ChildLine $TimeoutSeconds
            if ($null -eq $line) {
                $child.Process.WaitForExit()
                $exitCode = $child.Process.ExitCode
                $errorText = $child.Error.Result
                Stop-HostileChild
                $exitCode | Should -Be 0 -Because "the process must live: $errorText $($output -join "`n")"
                throw "The child pwsh ended without a result: $errorText $($output -join "`n")"
            }
            if ($line.StartsWith('RESULT ')) { return $line.Substring(7) | ConvertFrom-Json }
            $output.Add($line)
        }
    }

    function Get-GraphRequest {
        param([string] $PathPattern)
        @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match $PathPattern })
    }
}

AfterAll {
    if ($script:Child) {
        # End of input: the child's loop ends and the process exits by itself.
        $script:Child.Process.StandardInput.Close()
        if (-not $script:Child.Process.WaitForExit(10000)) { $script:Child.Process.Kill($true) }
        $script:Child.Process.Dispose()
    }
    Stop-Emulator $script:Emulator
}

Describe 'Endless paging' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
    }

    It 'ends a list whose next link leads back to the same page with IncompleteResult, each item once, within a few requests' {
        Add-EmulatorFault $script:Emulator @{ kind = 'selfNextLink'; count = 1000; path = '/messages'; after = 2 }
        $result = Invoke-Hostile 'Get-O365ServiceMessage'
        $posts = @($result.Ids | Where-Object { $_ -like 'MC*' })
        $posts.Count | Should -Be 30
        @($posts | Sort-Object -Unique).Count | Should -Be 30
        @($result.Ids | Where-Object { $_ -notlike 'MC*' }).Count | Should -Be 55 -Because 'the other list of the call still comes whole'
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -Be 'IncompleteResult,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $result.Errors[0].Category | Should -Be 'InvalidResult'
        $result.Errors[0].Message | Should -Match 'The list of messages is incomplete: 30 items were returned'
        $result.Errors[0].Message | Should -Match 'already read, so the list would never end'
        (Get-GraphRequest '/messages$').Count | Should -Be 3
        $result.Seconds | Should -BeLessThan 30
    }

    It 'ends a list that returns the same items under fresh skip tokens after the second page' {
        Add-EmulatorFault $script:Emulator @{ kind = 'freshSkipToken'; count = 1000; path = '/messages' }
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType MessageCenter'
        $result.Ids.Count | Should -Be 10
        @($result.Ids | Sort-Object -Unique).Count | Should -Be 10
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -BeLike 'IncompleteResult,*'
        $result.Errors[0].Message | Should -Match 'brought only items this list had already returned'
        $requests = Get-GraphRequest '/messages$'
        $requests.Count | Should -Be 2
        $requests[1].query | Should -Match 'skiptoken='
    }

    It 'stops a list at the most pages a list may have (O365SERVICECOMMS_MAX_PAGES)' {
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType MessageCenter' -Environment ($script:SmallLimits + @{ O365SERVICECOMMS_MAX_PAGES = '5' })
        $result.Ids.Count | Should -Be 50
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -BeLike 'IncompleteResult,*'
        $result.Errors[0].Message | Should -Match 'past 5 pages.*O365SERVICECOMMS_MAX_PAGES'
        (Get-GraphRequest '/messages$').Count | Should -Be 5
    }

    It 'skips a null entry of a page with a warning naming the page, and returns the other items' {
        $body = '{"value":[{"id":"EX000001","title":"One","isResolved":true},null,{"id":"EX000002","title":"Two","isResolved":false}]}'
        Add-EmulatorFault $script:Emulator @{ kind = 'rawBody'; body = $body; path = '/issues' }
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType Incident'
        $result.Errors | Should -BeNullOrEmpty
        $result.Ids | Should -Be @('EX000001', 'EX000002')
        $result.Warnings.Count | Should -Be 1
        $result.Warnings[0] | Should -Match 'The page https://\S+/issues\S* held an empty \(null\) entry'
    }
}

Describe 'Endless and lying bodies' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'ends a page that drips one byte a second with RequestTimeout at its deadline, and reads the other list' {
        Add-EmulatorFault $script:Emulator @{ kind = 'drip'; delayMs = 1000; count = 10; path = '/issues' }
        $result = Invoke-Hostile 'Get-O365ServiceMessage' -Environment $script:DripLimits
        @($result.Ids | Where-Object { $_ -like 'MC*' }).Count | Should -Be 141
        @($result.Ids | Where-Object { $_ -notlike 'MC*' }).Count | Should -Be 0
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -Be 'RequestTimeout,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $result.Errors[0].Category | Should -Be 'OperationTimeout'
        $result.Errors[0].Message | Should -Match 'did not arrive in full within 2\.5 seconds.*O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS'
        # Not asked for again: the deadline counts the body time of every reading of a page.
        (Get-GraphRequest '/issues$').Count | Should -Be 1
        $result.Seconds | Should -BeLessThan 15
    }

    It 'ends a page that stalls after its first byte with RequestTimeout at the idle timeout' {
        Add-EmulatorFault $script:Emulator @{ kind = 'drip'; delayMs = 600000; count = 10; path = '/issues' }
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType Incident' -Environment $script:StallLimits
        $result.Ids.Count | Should -Be 0
        $result.Errors[0].Id | Should -BeLike 'RequestTimeout,*'
        $result.Errors[0].Message | Should -Match 'No data arrived for 1\.2 seconds.*O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS'
        $result.Seconds | Should -BeLessThan 15
    }

    It 'reads a whole page whose Content-Length claims 2 GB without waiting for the rest' {
        Add-EmulatorFault $script:Emulator @{ kind = 'lyingLength'; count = 10; path = '/issues' }
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType Incident'
        $result.Errors | Should -BeNullOrEmpty
        $result.Ids.Count | Should -Be 55
        $result.Seconds | Should -BeLessThan 15
    }

    It 'stops a gzip page that inflates to 1.5 GB at the page cap with ResponseTooLarge, under 1 GB of memory' {
        Add-EmulatorFault $script:Emulator @{ kind = 'gzipBomb'; count = 10; path = '/issues' }
        # Inflating 64 MB takes CPU time: a deadline that a loaded machine meets, so the size cap is what stops it.
        $result = Invoke-Hostile 'Get-O365ServiceMessage' -Environment @{ O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS = '60' }
        @($result.Ids | Where-Object { $_ -like 'MC*' }).Count | Should -Be 141 -Because 'the other list of the call still comes whole'
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -Be 'ResponseTooLarge,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $result.Errors[0].Category | Should -Be 'LimitsExceeded'
        $result.Errors[0].Message | Should -Match 'larger than 64 MB once decoded.*O365SERVICECOMMS_MAX_PAGE_MB'
        $result.PeakWorkingSet | Should -BeLessThan $script:OneGigabyte
        (Get-GraphRequest '/issues$').Count | Should -Be 1 -Because 'a page too large is not asked for again'
    }

    It 'refuses an invalid limit in the environment with InvalidArgument, naming the variable, before any request' {
        $result = Invoke-Hostile 'Get-O365ServiceMessage -MessageType Incident' -Environment @{ O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS = 'soon' }
        $result.Ids.Count | Should -Be 0
        $result.Errors[0].Id | Should -BeLike 'InvalidArgument,*'
        $result.Errors[0].Message | Should -Match "O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS is 'soon'"
        (Get-GraphRequest '/issues$').Count | Should -Be 0
    }
}

Describe 'Downloads' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid())
        $script:Save = "Save-O365ServiceIncidentReport -Id EX231055 -Path '$($script:Folder)'"
    }

    It 'ends a download that <Name> with <Id>, leaving no file and no partial file' -ForEach @(
        # Limits names the table (the tables exist only once the file runs, after the cases are made); Extra adds to it.
        @{ Name = 'drips one byte a second'; Fault = @{ kind = 'drip'; delayMs = 1000 }; Id = 'RequestTimeout'; Pattern = 'within 2\.5 seconds'; Limits = 'DripLimits'; Extra = @{} }
        @{ Name = 'stalls after its Content-Length lied'; Fault = @{ kind = 'lyingLength'; length = 10000000 }; Id = 'RequestTimeout'; Pattern = 'No data arrived for 1\.2 seconds'; Limits = 'StallLimits'; Extra = @{} }
        @{ Name = 'announces 2 GB'; Fault = @{ kind = 'lyingLength' }; Id = 'ResponseTooLarge'; Pattern = 'announced a file of 2147483648 bytes'; Limits = 'SmallLimits'; Extra = @{} }
        @{ Name = 'goes on past the download cap without a Content-Length'; Fault = @{ kind = 'bigBody'; length = 5000000 }; Id = 'ResponseTooLarge'; Pattern = 'larger than 1 MB.*O365SERVICECOMMS_MAX_DOWNLOAD_MB'; Limits = 'SmallLimits'; Extra = @{ O365SERVICECOMMS_MAX_DOWNLOAD_MB = '1' } }
        @{ Name = 'comes gzip-encoded (a 1.5 GB bomb)'; Fault = @{ kind = 'gzipBomb' }; Id = 'ResponseNotReadable'; Pattern = "encoded as 'gzip'"; Limits = 'SmallLimits'; Extra = @{} }
    ) {
        Add-EmulatorFault $script:Emulator ($Fault + @{ count = 10; path = '/incidentReport' })
        $environment = (Get-Variable -Scope Script -Name $Limits -ValueOnly) + $Extra
        $result = Invoke-Hostile $script:Save -Folder $script:Folder -Environment $environment
        $result.Ids.Count | Should -Be 0
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -Be "$Id,O365ServiceComms.Cmdlets.SaveO365ServiceIncidentReportCommand"
        $result.Errors[0].Message | Should -Match $Pattern
        @($result.Files).Count | Should -Be 0 -Because 'a failed download leaves neither the file nor a .partial'
        $result.Seconds | Should -BeLessThan 20
        $result.PeakWorkingSet | Should -BeLessThan $script:OneGigabyte
        (Get-GraphRequest '/incidentReport$')[0].acceptEncoding | Should -Be 'identity'
    }

    It 'keeps the user''s file when a download with -Force fails, and replaces it when one succeeds' {
        New-Item -ItemType Directory -Path $script:Folder | Out-Null
        $target = Join-Path $script:Folder 'EX231055 - Post-incident review.pdf'
        Set-Content -LiteralPath $target -Value 'my own notes' -NoNewline
        Add-EmulatorFault $script:Emulator @{ kind = 'drip'; delayMs = 1000; count = 1; path = '/incidentReport' }

        $failed = Invoke-Hostile "$($script:Save) -Force" -Folder $script:Folder -Environment $script:DripLimits
        $failed.Errors[0].Id | Should -BeLike 'RequestTimeout,*'
        Get-Content -LiteralPath $target -Raw | Should -BeExactly 'my own notes'
        @($failed.Files).Count | Should -Be 1 -Because 'no partial file is left beside it'

        $saved = Invoke-Hostile "$($script:Save) -Force" -Folder $script:Folder
        $saved.Errors | Should -BeNullOrEmpty
        $saved.Ids | Should -Be @('EX231055 - Post-incident review.pdf')
        [IO.File]::ReadAllText($target) | Should -Match '^%PDF-1\.4'
        @($saved.Files).Count | Should -Be 1
    }
}
