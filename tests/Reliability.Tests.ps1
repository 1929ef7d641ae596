# Throttling, outages, broken connections, expiring tokens, foreign next links, Ctrl+C and hostile input, against the
# emulator's fault injection. Each fault either leaves the result whole (196 messages, each once) or ends in the
# documented error, with no token in any output.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:ModuleRoot = $script:ModulePath
    $script:EmulatorHostModule = Join-Path $PSScriptRoot 'EmulatorHost.psm1'

    # Runs a command, returns its objects, errors, verbose and debug records separately (nothing stops on error).
    function Invoke-Captured {
        param([scriptblock] $Command)
        $objects = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[object]]::new()
        $verbose = [System.Collections.Generic.List[string]]::new()
        $debug = [System.Collections.Generic.List[string]]::new()
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $ErrorActionPreference = 'Continue'
        try {
            & $Command 2>&1 4>&1 5>&1 | ForEach-Object {
                switch ($_) {
                    { $_ -is [System.Management.Automation.ErrorRecord] } { $errors.Add($_); break }
                    { $_ -is [System.Management.Automation.VerboseRecord] } { $verbose.Add($_.Message); break }
                    { $_ -is [System.Management.Automation.DebugRecord] } { $debug.Add($_.Message); break }
                    default { $objects.Add($_) }
                }
            }
        }
        catch { $errors.Add($_) }
        [pscustomobject]@{ Objects = $objects.ToArray(); Errors = $errors.ToArray(); Verbose = $verbose.ToArray(); Debug = $debug.ToArray() }
    }

    # Nothing a user can see holds a token or the secret.
    function Assert-NoSecret {
        param($Result)
        $text = @(
            $Result.Verbose
            $Result.Debug
            $Result.Errors | ForEach-Object { ($_ | Out-String -Width 500); $_.Exception.ToString(); $_.ErrorDetails.Message }
            $Result.Objects | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        ) -join "`n"
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}'
        $text | Should -Not -Match ([regex]::Escape($script:DemoTenant.ClientSecret))
    }

    function Assert-AllMessage {
        param($Result)
        $Result.Errors | Should -BeNullOrEmpty
        $Result.Objects.Count | Should -Be 196
        @($Result.Objects.Id | Sort-Object -Unique).Count | Should -Be 196
    }

    function Get-GraphRequest {
        param([string] $PathPattern)
        @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match $PathPattern })
    }

    # The time between two logged requests: proves a wait really happened.
    function Get-Gap {
        param($Earlier, $Later)
        # The emulator's monotonic clock: a wall-clock adjustment during the test cannot shorten the gap.
        $Later.monotonicSeconds - $Earlier.monotonicSeconds
    }

    # A second runspace of this process, connected to the demo tenant: Stop() there is what Ctrl+C does.
    function New-ConnectedPowerShell {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$($script:ModuleRoot)'; Import-Module '$($script:EmulatorHostModule)'; Connect-DemoTenant -Emulator ([pscustomobject]@{ BaseUri = '$($script:Emulator.BaseUri)' })")
        $shell.Invoke() | Out-Null
        $shell.Commands.Clear()
        $shell
    }

    # Starts the script in the shell, waits until the emulator has the request, then stops it and says how long that took.
    function Stop-WhileWaiting {
        param($Shell, [string] $Script, [string] $PathPattern)
        $null = $Shell.AddScript($Script)
        $handle = $Shell.BeginInvoke()
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        while (-not (Get-GraphRequest $PathPattern) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Start-Sleep -Milliseconds 300
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $Shell.Stop()
        $stopwatch.Stop()
        [pscustomobject]@{
            Seconds   = $stopwatch.Elapsed.TotalSeconds
            State     = $Shell.InvocationStateInfo.State
            Completed = $handle.IsCompleted
            Errors    = @($Shell.Streams.Error)
        }
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Throttling (429)' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'waits exactly as Retry-After says, says so with -Verbose, and returns every item' {
        Add-EmulatorFault $script:Emulator @{ kind = 'throttle'; count = 2; retryAfterSeconds = 1; path = '/issues' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        $issues = Get-GraphRequest '/issues$'
        ($issues.status -join ',') | Should -Be '429,429,200'
        Get-Gap $issues[0] $issues[1] | Should -BeGreaterOrEqual 0.95
        Get-Gap $issues[1] $issues[2] | Should -BeGreaterOrEqual 0.95
        @($result.Verbose -match "429 TooManyRequests.*Waiting 1 s, as Graph's Retry-After asks, before attempt 2 of 5").Count | Should -Be 1
        @($result.Verbose -match 'attempt 3 of 5').Count | Should -Be 1
        Assert-NoSecret $result
    }

    It 'honours a Retry-After given as an HTTP date' {
        Add-EmulatorFault $script:Emulator @{ kind = 'throttle'; count = 1; retryAfterSeconds = 1; retryAfterFormat = 'date'; path = '/messages' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        $messages = Get-GraphRequest '/messages$'
        ($messages.status -join ',') | Should -Be '429,200'
        # The date has whole seconds and lies 1-2 s ahead: the wait is at least one second.
        Get-Gap $messages[0] $messages[1] | Should -BeGreaterOrEqual 0.95
    }

    It 'reports Throttled when the throttling outlasts five attempts' {
        # Retry-After: 0, so that the five attempts come at once: the waits themselves are checked above.
        Add-EmulatorFault $script:Emulator @{ kind = 'throttle'; count = 5; retryAfterSeconds = 0; path = '/healthOverviews' }
        $result = Invoke-Captured { Get-O365ServiceStatus }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $err = $result.Errors[0]
        $err.FullyQualifiedErrorId | Should -Be 'Throttled,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'LimitsExceeded'
        $err.TargetObject | Should -Be $script:DemoTenant.TenantDomain
        $err.Exception.Message | Should -Match '429 TooManyRequests'
        $err.Exception.Message | Should -Match 'request-id [0-9a-f-]{36}'
        $err.Exception.Message | Should -Match 'Gave up after 5 attempts'
        (Get-GraphRequest '/healthOverviews$').Count | Should -Be 5
        Assert-NoSecret $result
    }

    It 'reports a Retry-After of an hour at once instead of sleeping through it' {
        Add-EmulatorFault $script:Emulator @{ kind = 'throttle'; count = 1; retryAfterSeconds = 3600; path = '/issues' }
        $result = Invoke-Captured { Get-O365ServiceMessage -MessageType Incident }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'Throttled,*'
        $result.Errors[0].TargetObject | Should -Be 'issues'
        $result.Errors[0].Exception.Message | Should -Match 'wait 3600 seconds'
        (Get-GraphRequest '/issues$').Count | Should -Be 1
    }
}

Describe 'Outages and broken connections' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'retries a <Kind> answer after a back-off and returns every item' -ForEach @(
        @{ Kind = 'unavailable'; Status = 503 }
        @{ Kind = 'gatewayTimeout'; Status = 504 }
    ) {
        Add-EmulatorFault $script:Emulator @{ kind = $Kind; count = 1; path = '/messages' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        $messages = Get-GraphRequest '/messages$'
        ($messages.status -join ',') | Should -Be "$Status,200"
        # The first back-off is 2 s with a quarter of jitter either way.
        Get-Gap $messages[0] $messages[1] | Should -BeGreaterOrEqual 1.45
        @($result.Verbose -match "answered $Status .*Waiting [0-9.]+ s before attempt 2 of 5").Count | Should -Be 1
    }

    It 'reports ServiceUnavailable when the outage outlasts five attempts, and goes on with the other list' {
        # Retry-After: 0, so that the five attempts come at once: waiting out a 503 is checked above.
        Add-EmulatorFault $script:Emulator @{ kind = 'unavailable'; count = 5; retryAfterSeconds = 0; path = '/issues' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        $result.Objects.Count | Should -Be 141
        $result.Objects | ForEach-Object { $_.MessageType | Should -Be 'MessageCenter' }
        $result.Errors.Count | Should -Be 1
        $err = $result.Errors[0]
        $err.FullyQualifiedErrorId | Should -Be 'ServiceUnavailable,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'ResourceUnavailable'
        $err.TargetObject | Should -Be 'issues'
        $err.Exception.Message | Should -Match 'request-id [0-9a-f-]{36}'
        (Get-GraphRequest '/issues$').Count | Should -Be 5
        Assert-NoSecret $result
    }

    It 'retries a dropped connection and returns every item' {
        Add-EmulatorFault $script:Emulator @{ kind = 'drop'; count = 1; path = '/issues' }
        # A first back-off of 0.1 s instead of 2 s: the retry is the subject here, the length of the back-off is
        # checked in the tests of 503 and 504 above.
        $env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS = '0.1'
        try { $result = Invoke-Captured { Get-O365ServiceMessage } }
        finally { Remove-Item Env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS }
        Assert-AllMessage $result
        $issues = Get-GraphRequest '/issues$'
        $issues.Count | Should -Be 2
        $issues[0].fault | Should -Be 'drop'
        $issues[0].status | Should -Be 0
        @($result.Verbose -match 'failed: .*Waiting [0-9.]+ s before attempt 2 of 5').Count | Should -Be 1
    }

    It 'retries a dropped connection when looking up an id' {
        Add-EmulatorFault $script:Emulator @{ kind = 'drop'; count = 1; path = '/issues/LY197383' }
        $env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS = '0.1'
        try { $result = Invoke-Captured { Get-O365ServiceMessage -Id LY197383 } }
        finally { Remove-Item Env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS }
        $result.Errors | Should -BeNullOrEmpty
        $result.Objects.Id | Should -Be 'LY197383'
        (Get-GraphRequest '/issues/LY197383$').Count | Should -Be 2
    }

    It 'reports ConnectionFailed when the connection drops on every attempt' {
        Add-EmulatorFault $script:Emulator @{ kind = 'drop'; count = 5; path = '/issues/LY197383' }
        # The whole back-off, from a first back-off of 0.1 s instead of 2 s: 0.1 + 0.2 + 0.4 + 0.8 s with a quarter of
        # jitter either way, so really waited out but in 1.5 s instead of 30. The default 2 + 4 + 8 + 16 s is checked with
        # an injected sleep in GraphClientReliabilityTests.ADroppedConnectionOnEveryAttemptBacksOff2481616sAndGivesUp.
        $env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS = '0.1'
        try { $result = Invoke-Captured { Get-O365ServiceMessage -Id LY197383 } }
        finally { Remove-Item Env:O365SERVICECOMMS_FIRST_BACKOFF_SECONDS }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionFailed,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        "$($result.Errors[0].CategoryInfo.Category)" | Should -Be 'ConnectionError'
        $result.Errors[0].TargetObject | Should -Be 'LY197383'
        $result.Errors[0].Exception.Message | Should -Match 'Gave up after 5 attempts'
        $attempts = Get-GraphRequest '/issues/LY197383$'
        $attempts.Count | Should -Be 5
        Get-Gap $attempts[0] $attempts[4] | Should -BeGreaterOrEqual (1.5 * 0.75)
        Get-Gap $attempts[0] $attempts[4] | Should -BeLessThan 60
        @($result.Verbose -match 'Waiting [0-9.]+ s before attempt [2-5] of 5').Count | Should -Be 4
        Assert-NoSecret $result
    }
}

Describe 'Broken answers' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
    }

    It 'reads a cut-off page once more, skipping what was already returned, and returns every item once' {
        Add-EmulatorFault $script:Emulator @{ kind = 'truncate'; count = 1; path = '/messages'; after = 2 }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        $pages = Get-GraphRequest '/messages$'
        $pages.Count | Should -Be (15 + 1)
        $pages[2].fault | Should -Be 'truncate'
        $pages[3].query | Should -Be $pages[2].query
        @($result.Verbose -match 'Asking for the same page once more and skipping the \d+ items').Count | Should -Be 1
    }

    It 'reports IncompleteResult with the count when a page breaks twice, keeping what was written' {
        Add-EmulatorFault $script:Emulator @{ kind = 'truncate'; count = 2; path = '/messages'; after = 2 }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        $posts = @($result.Objects | Where-Object MessageType -eq MessageCenter)
        @($result.Objects | Where-Object MessageType -eq Incident).Count | Should -Be 55
        $posts.Count | Should -BeGreaterOrEqual 20
        $posts.Count | Should -BeLessThan 30
        @($posts.Id | Sort-Object -Unique).Count | Should -Be $posts.Count
        $result.Errors.Count | Should -Be 1
        $err = $result.Errors[0]
        $err.FullyQualifiedErrorId | Should -Be 'IncompleteResult,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $err.TargetObject | Should -Be 'messages'
        $err.Exception.Message | Should -Match "The list of messages is incomplete: $($posts.Count) items were returned"
        $err.Exception.Message | Should -Match 'could not be read'
        $err.Exception.Message | Should -Match 'request-id [0-9a-f-]{36}'
        Assert-NoSecret $result
    }

    It 'reads a cut-off item once more' {
        Add-EmulatorFault $script:Emulator @{ kind = 'truncate'; count = 1; path = '/messages/MC172851' }
        $result = Invoke-Captured { Get-O365ServiceMessage -Id MC172851 }
        $result.Errors | Should -BeNullOrEmpty
        $result.Objects.Id | Should -Be 'MC172851'
        (Get-GraphRequest '/messages/MC172851$').Count | Should -Be 2
    }
}

Describe 'Expired tokens (401)' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'renews a token declared expired once and returns every item' {
        Add-EmulatorFault $script:Emulator @{ kind = 'expireTokens'; count = 1; path = '/issues' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        ((Get-GraphRequest '/issues$').status -join ',') | Should -Be '401,200'
        # The posts are read at the same time: their request may meet the expired token too. Each rejected request
        # is tried once more, and the token is renewed once for all of them.
        (Get-GraphRequest '/oauth2/v2.0/token$').Count | Should -Be 2
        ((Get-GraphRequest '/messages$').status -join ',') | Should -BeIn @('200', '401,200')
        $rejected = @(Get-GraphRequest '/(issues|messages)$' | Where-Object status -eq 401).Count
        @($result.Verbose -match 'getting a new token and trying once more').Count | Should -Be $rejected
        Assert-NoSecret $result
    }

    It 'reports Unauthorized clearly when the new token is rejected too' {
        Add-EmulatorFault $script:Emulator @{ kind = 'expireTokens'; count = 2; path = '/healthOverviews' }
        $result = Invoke-Captured { Get-O365ServiceStatus }
        $result.Objects | Should -BeNullOrEmpty
        $err = $result.Errors[0]
        $err.FullyQualifiedErrorId | Should -Be 'Unauthorized,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'even after a new token was requested'
        $err.Exception.Message | Should -Match 'Connect-O365ServiceComms'
        $err.Exception.Message | Should -Match 'request-id [0-9a-f-]{36}'
        ((Get-GraphRequest '/healthOverviews$').status -join ',') | Should -Be '401,401'
        (Get-GraphRequest '/oauth2/v2.0/token$').Count | Should -Be 2
        Assert-NoSecret $result
    }
}

Describe 'Next links to another host' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
    }

    It 'has a foreign listener that would record an Authorization header' {
        # Proves the listener works, so that the tests below can fail.
        $foreign = Get-EmulatorForeignHost $script:Emulator
        $foreign.baseUrl | Should -Match '^https://127\.0\.0\.1:\d+$'
        $foreign.baseUrl | Should -Not -Be $script:Emulator.BaseUri
        Invoke-RestMethod "$($foreign.baseUrl)/v1.0/admin/serviceAnnouncement/issues" -Headers @{ Authorization = 'Bearer not-a-token' } | Out-Null
        $seen = @((Get-EmulatorForeignHost $script:Emulator).requests)
        $seen.Count | Should -Be 1
        $seen[0].authorization | Should -BeTrue
    }

    It 'refuses a next link to another port, never sending the token there, and says the list is incomplete' {
        Add-EmulatorFault $script:Emulator @{ kind = 'foreignNextLink'; count = 1; path = '/issues' }
        $result = Invoke-Captured { Get-O365ServiceMessage -MessageType Incident }
        @((Get-EmulatorForeignHost $script:Emulator).requests) | Should -BeNullOrEmpty -Because 'no request, so no token, may reach another host'
        $result.Objects.Count | Should -Be 10
        $result.Errors.Count | Should -Be 1
        $err = $result.Errors[0]
        $err.FullyQualifiedErrorId | Should -Be 'IncompleteResult,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'SecurityError'
        $err.TargetObject | Should -Be 'issues'
        $err.Exception.Message | Should -Match 'The list of issues is incomplete: 10 items were returned'
        $err.Exception.Message | Should -Match 'next-page link to another host'
        (Get-GraphRequest '/issues$').Count | Should -Be 1
        Assert-NoSecret $result
    }

    It 'refuses it with NextLinkRefused when nothing was returned yet' {
        Add-EmulatorFault $script:Emulator @{ kind = 'foreignNextLink'; count = 1; path = '/healthOverviews' }
        $result = Invoke-Captured { Get-O365ServiceStatus }
        @((Get-EmulatorForeignHost $script:Emulator).requests) | Should -BeNullOrEmpty -Because 'no request, so no token, may reach another host'
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'NextLinkRefused,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($result.Errors[0].CategoryInfo.Category)" | Should -Be 'SecurityError'
    }
}

Describe 'Slow answers and Ctrl+C' {
    BeforeAll {
        $script:Shell = New-ConnectedPowerShell
    }

    AfterAll {
        $script:Shell.Dispose()
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Shell.Commands.Clear()
        $script:Shell.Streams.ClearStreams()
    }

    It 'waits for a slow answer and returns every item' {
        Connect-DemoTenant -Emulator $script:Emulator
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; count = 1; delayMs = 1500; path = '/messages' }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        Assert-AllMessage $result
        (Get-GraphRequest '/messages$').Count | Should -Be 1
    }

    It 'stops at once during a 30 s answer' {
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; count = 1; delayMs = 30000; path = '/issues' }
        $stop = Stop-WhileWaiting $script:Shell 'Get-O365ServiceMessage -MessageType Incident' '/issues$'
        # Far below the 30 s the answer takes, with room for a loaded machine.
        $stop.Seconds | Should -BeLessThan 15
        "$($stop.State)" | Should -Be 'Stopped'
        $stop.Errors | Should -BeNullOrEmpty
    }

    It 'stops at once during a 60 s Retry-After wait' {
        Add-EmulatorFault $script:Emulator @{ kind = 'throttle'; count = 1; retryAfterSeconds = 60; path = '/healthOverviews' }
        $stop = Stop-WhileWaiting $script:Shell 'Get-O365ServiceStatus' '/healthOverviews$'
        $stop.Seconds | Should -BeLessThan 15
        "$($stop.State)" | Should -Be 'Stopped'
        $stop.Errors | Should -BeNullOrEmpty
        (Get-GraphRequest '/healthOverviews$').Count | Should -Be 1
    }

    It 'stops at once while the sign-in endpoint takes 30 s' {
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; count = 1; delayMs = 30000; path = '/oauth2/v2.0/token' }
        $stop = Stop-WhileWaiting $script:Shell "Connect-DemoTenant -Emulator ([pscustomobject]@{ BaseUri = '$($script:Emulator.BaseUri)' })" '/oauth2/v2.0/token$'
        $stop.Seconds | Should -BeLessThan 15
        "$($stop.State)" | Should -Be 'Stopped'
    }

    It 'stops a download during a 30 s answer as a stopped pipeline, leaving nothing in $Error' {
        Add-EmulatorFault $script:Emulator @{ kind = 'slow'; count = 1; delayMs = 30000; path = '/incidentReport' }
        $folder = Join-Path $TestDrive 'stopped-download'
        $null = New-Item -ItemType Directory -Path $folder
        $stop = Stop-WhileWaiting $script:Shell "`$Error.Clear(); Save-O365ServiceIncidentReport -Id EX231055 -Path '$folder'" '/incidentReport$'
        $stop.Seconds | Should -BeLessThan 15
        "$($stop.State)" | Should -Be 'Stopped'
        $stop.Errors | Should -BeNullOrEmpty
        $script:Shell.Commands.Clear()
        $script:Shell.AddScript('$Error.Count').Invoke() | Should -Be 0
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }
}

Describe '-Verbose and -Debug' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'shows method, URL, status, duration and request-id of each request, and headers without Authorization' {
        $result = Invoke-Captured { Get-O365ServiceMessage -Id MC172851 }
        $result.Objects.Id | Should -Be 'MC172851'
        @($result.Verbose -match '^GET https://127\.0\.0\.1:\d+/v1\.0/admin/serviceAnnouncement/messages/MC172851 -> 200 OK \(\d+ ms, request-id [0-9a-f-]{36}\)$').Count | Should -Be 1
        $requestHeaders = @($result.Debug -match '^Request headers of GET .*/messages/MC172851')
        $requestHeaders.Count | Should -Be 1
        $requestHeaders[0] | Should -Match 'Authorization: \(hidden\)'
        $requestHeaders[0] | Should -Match 'client-request-id: [0-9a-f-]{36}'
        @($result.Debug -match '^Response headers \(200\): .*Request-Id: [0-9a-f-]{36}').Count | Should -BeGreaterThan 0
        Assert-NoSecret $result
    }
}

Describe 'Hostile input' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'refuses a huge id with a short, clear error and no request' {
        $huge = 'A' * 100000
        $result = Invoke-Captured { Get-O365ServiceMessage -Id $huge }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $result.Errors[0].Exception.Message.Length | Should -BeLessThan 300
        $result.Errors[0].Exception.Message | Should -Match '100000 characters'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'refuses an id with a line break or OData syntax, without a request' {
        $result = Invoke-Captured { Get-O365ServiceMessage -Id "LY197383`n", "LY197383')?`$filter=id ne '", 'LY197383/posts' }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 3
        $result.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*' }
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'treats OData syntax in -Service as a name that matches nothing, sending no filter' {
        $result = Invoke-Captured { Get-O365ServiceStatus -Service "Exchange' or id ne '" }
        $result.Objects | Should -BeNullOrEmpty
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
        Get-EmulatorRequest $script:Emulator | Where-Object { $_.query -match 'filter' } | Should -BeNullOrEmpty
    }

    It 'reports a malformed wildcard in -Service before any request and goes on with the other names' {
        $result = Invoke-Captured { Get-O365ServiceStatus -Service '[Exchange', 'Exchange' }
        $result.Objects.Id | Should -Be 'Exchange'
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $result.Errors[0].TargetObject | Should -Be '[Exchange'

        Reset-Emulator $script:Emulator
        $only = Invoke-Captured { Get-O365ServiceStatus -Service '[Exchange' }
        $only.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }
}
