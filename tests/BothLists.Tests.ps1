# Get-O365ServiceMessage reads the incidents and the Message Center posts side by side (SideBySideLists) and writes
# them as before: every incident first, then every post. Checked against the emulator's request log: the order of the
# requests shows the overlap, the count shows nothing extra, -First and Ctrl+C stop both lists, and one list's error
# leaves the other whole. No timing is asserted (Bench measures the speed), only "ends within" bounds against hangs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:EmulatorHostModule = Join-Path $PSScriptRoot 'EmulatorHost.psm1'
    Connect-DemoTenant -Emulator $script:Emulator
    # The service list is read once per connection: read it now, so the runs below send only list requests.
    $null = Get-O365ServiceMessage -MessageType Incident

    function Get-ListRequest {
        @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '/serviceAnnouncement/(issues|messages)$' })
    }

    function Invoke-Captured {
        param([scriptblock] $Command)
        $objects = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[object]]::new()
        $verbose = [System.Collections.Generic.List[string]]::new()
        $VerbosePreference = 'Continue'
        $ErrorActionPreference = 'Continue'
        & $Command 2>&1 4>&1 | ForEach-Object {
            switch ($_) {
                { $_ -is [System.Management.Automation.ErrorRecord] } { $errors.Add($_); break }
                { $_ -is [System.Management.Automation.VerboseRecord] } { $verbose.Add($_.Message); break }
                default { $objects.Add($_) }
            }
        }
        [pscustomobject]@{ Objects = $objects.ToArray(); Errors = $errors.ToArray(); Verbose = $verbose.ToArray() }
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Both lists at once' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
    }

    It 'writes every incident first, then every post, in the order of the lists read one by one' {
        $incidents = @(Get-O365ServiceMessage -MessageType Incident)
        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter)
        $both = @(Get-O365ServiceMessage)
        $incidents.Count | Should -Be 55
        $posts.Count | Should -Be 141
        $both.Count | Should -Be 196
        $both.Id | Should -Be @($incidents.Id + $posts.Id)
        @($both[0..54].MessageType | Sort-Object -Unique) | Should -Be 'Incident'
        @($both[55..195].MessageType | Sort-Object -Unique) | Should -Be 'MessageCenter'
    }

    It 'asks for the posts while the incidents are still being read' {
        # The first page of issues is answered late: read one after the other, no post would be asked for before the
        # second page of issues; read side by side, the posts are asked for meanwhile.
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = 1500; count = 1; path = '/issues' }
        $both = @(Get-O365ServiceMessage)
        $both.Count | Should -Be 196
        $requests = Get-ListRequest
        $firstPost = [array]::FindIndex([object[]]$requests, [Predicate[object]] { param($r) $r.path -like '*/messages' })
        $issuePages = @(for ($i = 0; $i -lt $requests.Count; $i++) { if ($requests[$i].path -like '*/issues') { $i } })
        $issuePages.Count | Should -Be 6
        $firstPost | Should -BeGreaterOrEqual 0
        $firstPost | Should -BeLessThan $issuePages[1]
    }

    It 'sends no more requests than the two lists read one by one' {
        $null = Get-O365ServiceMessage -MessageType Incident
        $null = Get-O365ServiceMessage -MessageType MessageCenter
        $oneByOne = @(Get-EmulatorRequest $script:Emulator).Count
        Reset-Emulator $script:Emulator
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $null = Get-O365ServiceMessage
        $all = @(Get-EmulatorRequest $script:Emulator)
        $all.Count | Should -Be $oneByOne
        # 55 issues in 6 pages, 141 posts in 15, each asked once.
        @(Get-ListRequest).Count | Should -Be (6 + 15)
        @($all | ForEach-Object { "$($_.path)?$($_.query)" } | Sort-Object -Unique).Count | Should -Be $all.Count
    }

    It 'writes the verbose lines of the incidents, then those of the posts, from the pipeline thread' {
        $run = Invoke-Captured { Get-O365ServiceMessage }
        $run.Errors | Should -BeNullOrEmpty
        $run.Objects.Count | Should -Be 196
        $lines = @($run.Verbose | Where-Object { $_ -match '/serviceAnnouncement/(issues|messages)' })
        $lines.Count | Should -Be (6 + 15)
        @($lines[0..5] | Where-Object { $_ -match '/issues' }).Count | Should -Be 6
        @($lines[6..20] | Where-Object { $_ -match '/messages' }).Count | Should -Be 15
    }

    It 'stops both lists once Select-Object -First has enough' {
        # The posts are slow: read one by one, -First 3 would never ask for them; side by side a few are under way.
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = 400; count = 100; path = '/messages' }
        $first = @(Get-O365ServiceMessage | Select-Object -First 3)
        $first.Count | Should -Be 3
        $first.MessageType | Should -Be @('Incident', 'Incident', 'Incident')
        $atEnd = @(Get-ListRequest).Count
        Start-Sleep -Milliseconds 1500
        @(Get-ListRequest).Count | Should -Be $atEnd
        @(Get-ListRequest | Where-Object path -like '*/messages').Count | Should -BeLessThan 15
    }

    It 'keeps the posts when the incidents fail, and says why' {
        Add-EmulatorFault $script:Emulator @{ kind = 'serverError'; count = 1; after = 2; path = '/issues' }
        $run = Invoke-Captured { Get-O365ServiceMessage }
        @($run.Objects | Where-Object MessageType -eq 'MessageCenter').Count | Should -Be 141
        @($run.Objects | Where-Object MessageType -eq 'Incident').Count | Should -Be 20
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'IncompleteResult*'
        # The error comes where the incidents end, before the first post.
        $run.Objects[20].MessageType | Should -Be 'MessageCenter'
    }

    It 'keeps the incidents when the posts fail' {
        Add-EmulatorFault $script:Emulator @{ kind = 'serverError'; count = 1; path = '/messages' }
        $run = Invoke-Captured { Get-O365ServiceMessage }
        @($run.Objects | Where-Object MessageType -eq 'Incident').Count | Should -Be 55
        @($run.Objects | Where-Object MessageType -eq 'MessageCenter').Count | Should -Be 0
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'GraphRequestFailed*'
    }

    It 'stops both lists on Ctrl+C' {
        Add-EmulatorFault $script:Emulator @(
            @{ kind = 'slow'; delayMs = 1000; count = 100; path = '/issues' }
            @{ kind = 'slow'; delayMs = 1000; count = 100; path = '/messages' })
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$($script:ModulePath)'; Import-Module '$($script:EmulatorHostModule)'; Connect-DemoTenant -Emulator ([pscustomobject]@{ BaseUri = '$($script:Emulator.BaseUri)' })")
            $shell.Invoke() | Out-Null
            $shell.Commands.Clear()
            $null = $shell.AddScript('Get-O365ServiceMessage')
            $handle = $shell.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (@(Get-ListRequest | Where-Object path -like '*/messages').Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @(Get-ListRequest | Where-Object path -like '*/issues').Count | Should -BeGreaterThan 0
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopwatch.Stop()
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $handle.IsCompleted | Should -BeTrue
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $atStop = @(Get-ListRequest).Count
            Start-Sleep -Milliseconds 2500
            @(Get-ListRequest).Count | Should -Be $atStop
            $atStop | Should -BeLessThan (6 + 15)
        }
        finally { $shell.Dispose() }
    }
}

Describe 'The page''s two reads at once' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'asks for the posts before the status is answered, and for nothing else' {
        # The status is answered 3 s after it was asked for: read one after the other, the posts would be asked for
        # only after that answer.
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; delayMs = 3000; count = 1; path = '/healthOverviews' }
        $path = Join-Path $TestDrive 'page.html'
        $file = Export-O365ServiceHealthReport -Path $path
        $file.FullName | Should -Be $path
        $graph = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '/v1.0/*')
        $graph.Count | Should -Be 2
        $status = $graph | Where-Object path -like '*/healthOverviews'
        $posts = $graph | Where-Object path -like '*/messages'
        $status.query | Should -Match 'expand=issues'
        ([datetime]$posts.time - [datetime]$status.time).TotalSeconds | Should -BeLessThan 3
        $page = Get-Content -Raw $path
        $page | Should -Match 'Exchange Online'
    }

    It 'still writes the page when the posts fail, and says why' {
        Add-EmulatorFault $script:Emulator @{ kind = 'serverError'; count = 1; path = '/messages' }
        $path = Join-Path $TestDrive 'no-posts.html'
        $errors = $null
        $null = Export-O365ServiceHealthReport -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GraphRequestFailed*'
        Test-Path $path | Should -BeTrue
    }

    It 'stops with the status''s error when the status fails, the posts read or not' {
        Add-EmulatorFault $script:Emulator @{ kind = 'serverError'; count = 1; path = '/healthOverviews' }
        $path = Join-Path $TestDrive 'no-status.html'
        { Export-O365ServiceHealthReport -Path $path } | Should -Throw -ErrorId 'GraphRequestFailed*'
        Test-Path $path | Should -BeFalse
    }
}
