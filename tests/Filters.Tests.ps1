# Get-O365ServiceMessage filters: each gives what the same filter on the pipeline gives, and is sent as one $filter.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator
    # The unfiltered list every pipeline filter starts from (the service list is cached with it).
    $script:All = @(Get-O365ServiceMessage)

    # The $filter of each collection request since the last reset: @{ issues = ...; messages = ... } (a key per list read).
    function Get-SentFilter {
        $sent = @{}
        foreach ($request in Get-EmulatorRequest $script:Emulator) {
            if ($request.path -match '/serviceAnnouncement/(issues|messages)$') {
                $sent[$Matches[1]] = $request.filter
            }
        }
        $sent
    }

    # A Graph token for calls past the module, straight to the emulator.
    function Get-RawToken {
        (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/delegated' -Method Post).access_token
    }

    function Invoke-RawFilter {
        param([string] $Collection, [string] $Filter)
        $uri = "$($script:Emulator.BaseUri)/v1.0/admin/serviceAnnouncement/$Collection`?`$filter=$([uri]::EscapeDataString($Filter))"
        $answer = Invoke-RestMethod -Uri $uri -Headers @{ Authorization = "Bearer $(Get-RawToken)" } -SkipHttpErrorCheck -StatusCodeVariable status
        $answer | Add-Member -NotePropertyName Status -NotePropertyValue $status -PassThru
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Get-O365ServiceMessage filters at the source' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It '<Name> gives what Where-Object gives, with one $filter per list read' -ForEach @(
        @{
            Name = '-Service with an id'; Parameters = @{ Service = 'SharePoint' }
            Where = { $_.Workload -contains 'SharePoint' }
            Issues = "service eq 'SharePoint Online'"; Messages = "services/any(s:s eq 'SharePoint Online')"
        }
        @{
            Name = '-Service with a display name in another case, and an id'; Parameters = @{ Service = 'sharepoint online', 'Exchange' }
            Where = { $_.Workload -contains 'SharePoint' -or $_.Workload -contains 'Exchange' }
            Issues = "(service eq 'SharePoint Online' or service eq 'Exchange Online')"
            Messages = "services/any(s:s eq 'SharePoint Online' or s eq 'Exchange Online')"
        }
        @{
            Name = '-Active (incidents only)'; Parameters = @{ Active = $true }
            Where = { $_.MessageType -eq 'Incident' -and -not $_.IsResolved }
            Issues = 'isResolved eq false'; Messages = $null
        }
        @{
            Name = '-Service -Active, the first example of the issue'; Parameters = @{ Service = 'SharePoint'; Active = $true }
            Where = { $_.MessageType -eq 'Incident' -and -not $_.IsResolved -and $_.Workload -eq 'SharePoint' }
            Issues = "service eq 'SharePoint Online' and isResolved eq false"; Messages = $null
        }
        @{
            Name = '-Severity (Message Center only)'; Parameters = @{ Severity = 'High', 'Critical' }
            Where = { $_.MessageType -eq 'MessageCenter' -and $_.Severity -in 'High', 'Critical' }
            Issues = $null; Messages = "(severity eq 'high' or severity eq 'critical')"
        }
        @{
            Name = '-Classification (incidents only)'; Parameters = @{ Classification = 'Advisory' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Classification -eq 'Advisory' }
            Issues = "classification eq 'advisory'"; Messages = $null
        }
        @{
            Name = '-Status with several values'; Parameters = @{ Status = 'ServiceRestored', 'PostIncidentReviewPublished' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Status -in 'ServiceRestored', 'PostIncidentReviewPublished' }
            Issues = "(status eq 'serviceRestored' or status eq 'postIncidentReviewPublished')"; Messages = $null
        }
        @{
            Name = '-Status in any case'; Parameters = @{ Status = 'POSTINCIDENTREVIEWPUBLISHED' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Status -eq 'PostIncidentReviewPublished' }
            Issues = "status eq 'postIncidentReviewPublished'"; Messages = $null
        }
        @{
            Name = '-Classification -Status together'; Parameters = @{ MessageType = 'Incident'; Classification = 'Advisory'; Status = 'ServiceRestored' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Classification -eq 'Advisory' -and $_.Status -eq 'ServiceRestored' }
            Issues = "classification eq 'advisory' and status eq 'serviceRestored'"; Messages = $null
        }
        @{
            Name = '-Classification Advisory -Status ServiceDegradation, the third example (no such issue)'
            Parameters = @{ MessageType = 'Incident'; Classification = 'Advisory'; Status = 'ServiceDegradation' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Classification -eq 'Advisory' -and $_.Status -eq 'ServiceDegradation' }
            Issues = "classification eq 'advisory' and status eq 'serviceDegradation'"; Messages = $null; MayBeEmpty = $true
        }
        @{
            Name = '-Category, the fourth example'; Parameters = @{ MessageType = 'MessageCenter'; Category = 'PlanForChange' }
            Where = { $_.MessageType -eq 'MessageCenter' -and $_.Category -eq 'PlanForChange' }
            Issues = $null; Messages = "category eq 'planForChange'"
        }
        @{
            Name = '-Service -Category on Message Center'; Parameters = @{ Service = 'microsoftteams'; Category = 'StayInformed', 'PreventOrFixIssue' }
            Where = { $_.MessageType -eq 'MessageCenter' -and $_.Workload -contains 'microsoftteams' -and $_.Category -in 'StayInformed', 'PreventOrFixIssue' }
            Issues = $null; Messages = "services/any(s:s eq 'Microsoft Teams') and (category eq 'stayInformed' or category eq 'preventOrFixIssue')"
        }
        @{
            Name = '-MessageType Incident -Service'; Parameters = @{ MessageType = 'Incident'; Service = 'Exchange' }
            Where = { $_.MessageType -eq 'Incident' -and $_.Workload -eq 'Exchange' }
            Issues = "service eq 'Exchange Online'"; Messages = $null
        }
    ) {
        $filtered = @(Get-O365ServiceMessage @Parameters)
        $expected = @($script:All | Where-Object $Where)

        $filtered.Id | Should -Be $expected.Id
        if (-not $MayBeEmpty) {
            # The case means something only when the filter keeps some messages and drops others.
            $expected.Count | Should -BeGreaterThan 0
            $expected.Count | Should -BeLessThan $script:All.Count
        }
        $sent = Get-SentFilter
        $sent.ContainsKey('issues') | Should -Be ($null -ne $Issues) -Because 'a filter of one kind restricts the query to that kind'
        $sent.ContainsKey('messages') | Should -Be ($null -ne $Messages)
        if ($null -ne $Issues) { $sent.issues | Should -BeExactly $Issues }
        if ($null -ne $Messages) { $sent.messages | Should -BeExactly $Messages }
    }

    It '-Since filters on the last update, boundary included, sent in UTC with its fraction of a second' {
        $boundary = $script:All | Sort-Object LastModifiedDateTime | Select-Object -Skip 120 |
            Where-Object { $_.LastModifiedDateTime.Millisecond -gt 0 } | Select-Object -First 1
        $since = $boundary.LastModifiedDateTime
        $since.Millisecond | Should -BeGreaterThan 0 -Because 'the boundary should test sub-second precision'

        $filtered = @(Get-O365ServiceMessage -Since $since)
        $expected = @($script:All | Where-Object LastModifiedDateTime -ge $since)

        $filtered.Id | Should -Be $expected.Id
        $filtered.Id | Should -Contain $boundary.Id
        $expected.Count | Should -BeLessThan $script:All.Count
        $literal = $since.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", [cultureinfo]::InvariantCulture)
        $sent = Get-SentFilter
        $sent.issues | Should -BeExactly "lastModifiedDateTime ge $literal"
        $sent.messages | Should -BeExactly "lastModifiedDateTime ge $literal"
    }

    It '-Since with -Severity, the second example of the issue' {
        $since = [datetime]'2020-03-01'
        $filtered = @(Get-O365ServiceMessage -MessageType MessageCenter -Since $since -Severity High, Critical)
        $expected = @($script:All | Where-Object { $_.MessageType -eq 'MessageCenter' -and $_.LastModifiedDateTime -ge $since -and $_.Severity -in 'High', 'Critical' })

        $filtered.Id | Should -Be $expected.Id
        $expected.Count | Should -Be 4
        $literal = $since.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", [cultureinfo]::InvariantCulture)
        (Get-SentFilter).messages | Should -BeExactly "lastModifiedDateTime ge $literal and (severity eq 'high' or severity eq 'critical')"
        # As the issue wrote it: the last seven days hold nothing in the demo tenant, and the filter says so.
        @(Get-O365ServiceMessage -MessageType MessageCenter -Since (Get-Date).AddDays(-7) -Severity High, Critical).Count | Should -Be 0
    }

    It '-Service expands wildcards over ids and display names' {
        $filtered = @(Get-O365ServiceMessage -Service 'Power*' -MessageType Incident)
        $powerNames = @((Get-O365ServiceStatus | Where-Object { $_.Id -like 'Power*' -or $_.Service -like 'Power*' }).Service)
        $expected = @($script:All | Where-Object { $_.MessageType -eq 'Incident' -and $_.Service -in $powerNames })

        $filtered.Id | Should -Be $expected.Id
        $expected.Count | Should -BeGreaterThan 0
        $sent = (Get-SentFilter).issues
        foreach ($name in $powerNames) {
            $sent | Should -Match ([regex]::Escape("service eq '$name'"))
        }
    }

    It 'follows next links with the filter kept' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 5 }
        $filtered = @(Get-O365ServiceMessage -Status ServiceRestored)
        $filtered.Id | Should -Be @($script:All | Where-Object { $_.MessageType -eq 'Incident' -and $_.Status -eq 'ServiceRestored' }).Id
        $pages = @(Get-EmulatorRequest $script:Emulator | Where-Object path -match '/issues$')
        $pages.Count | Should -Be 7
        $pages | ForEach-Object { $_.filter | Should -BeExactly "status eq 'serviceRestored'" }
    }
}

Describe 'Hostile filter values' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'keeps OData syntax in a -Status value inside its string literal' {
        $hostile = "serviceDegradation' or 1 eq 1 or status eq '"
        # Sent without escaping, this value would select every issue: the emulator does evaluate the injected form.
        (Invoke-RawFilter -Collection issues -Filter "status eq '$hostile'").value.Count | Should -Be 55

        $filtered = @(Get-O365ServiceMessage -Status $hostile)

        $filtered.Count | Should -Be @($script:All | Where-Object { $_.MessageType -eq 'Incident' -and $_.Status -eq $hostile }).Count
        $filtered.Count | Should -Be 0
        (Get-SentFilter).issues | Should -BeExactly "status eq 'serviceDegradation'' or 1 eq 1 or status eq '''"
    }

    It 'sends a quote in a value doubled, and the server reads it back as one quote' {
        $filtered = @(Get-O365ServiceMessage -Status "it's", 'ServiceDegradation')
        $filtered.Id | Should -Be @($script:All | Where-Object { $_.MessageType -eq 'Incident' -and $_.Status -in "it's", 'ServiceDegradation' }).Id
        (Get-SentFilter).issues | Should -BeExactly "(status eq 'it''s' or status eq 'serviceDegradation')"
    }

    It 'reports a -Service value with OData syntax as an unknown service and sends no query' {
        $result = @(Get-O365ServiceMessage -Service "SharePoint Online' or service ne '" -ErrorVariable failures -ErrorAction SilentlyContinue)
        $result.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
        $failures[0].TargetObject | Should -Be "SharePoint Online' or service ne '"
        Get-EmulatorRequest $script:Emulator | Where-Object path -match '/(issues|messages)$' | Should -BeNullOrEmpty
    }
}

Describe 'Filters that cannot be combined' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'stops on <Name> with InvalidArgument, naming the parameters, before any request' -ForEach @(
        @{ Name = '-Severity with -MessageType Incident'; Parameters = @{ MessageType = 'Incident'; Severity = 'High' }; Names = '-Severity' }
        @{ Name = '-Active with -MessageType MessageCenter'; Parameters = @{ MessageType = 'MessageCenter'; Active = $true }; Names = '-Active' }
        @{ Name = '-Status with -Category'; Parameters = @{ Status = 'ServiceRestored'; Category = 'PlanForChange' }; Names = '-Status', '-Category' }
    ) {
        $failure = $null
        try { Get-O365ServiceMessage @Parameters } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        foreach ($name in $Names) { $failure.Exception.Message | Should -Match ([regex]::Escape($name)) }
        Get-EmulatorRequest $script:Emulator | Where-Object path -match '/(issues|messages)$' | Should -BeNullOrEmpty
    }

    It 'reports an unknown service and still filters on the known ones' {
        $result = @(Get-O365ServiceMessage -Service SharePoint, NoSuchService -MessageType Incident -ErrorVariable failures -ErrorAction SilentlyContinue)
        $result.Id | Should -Be @($script:All | Where-Object { $_.MessageType -eq 'Incident' -and $_.Workload -eq 'SharePoint' }).Id
        $failures.Count | Should -Be 1
        $failures[0].Exception.Message | Should -Match "No service 'NoSuchService'"
        (Get-SentFilter).issues | Should -BeExactly "service eq 'SharePoint Online'"
    }
}

Describe 'The emulator''s $filter' {
    It 'matches property names in any case' {
        (Invoke-RawFilter -Collection issues -Filter 'IsResolved EQ false').value.Count | Should -Be 5
    }

    It 'compares string values exactly, as OData does' {
        (Invoke-RawFilter -Collection issues -Filter "status eq 'ServiceDegradation'").value.Count | Should -Be 0
        (Invoke-RawFilter -Collection issues -Filter "status eq 'serviceDegradation'").value.Count | Should -Be 5
    }

    It 'evaluates and, or and parentheses' {
        $ids = (Invoke-RawFilter -Collection issues -Filter "isResolved eq false and (service eq 'Skype for Business' or service eq 'OneDrive for Business')").value.id
        ($ids | Sort-Object) | Should -Be @('LY197383', 'OD197264', 'OD197692')
    }

    It 'answers 400 like Graph for <Case>' -ForEach @(
        @{ Case = 'an unknown property'; Filter = "color eq 'red'"; Message = "Could not find a property named 'color'" }
        @{ Case = 'a property Graph does not filter'; Filter = "details eq 'x'"; Message = "cannot be used in the \`$filter" }
        @{ Case = 'a function'; Filter = "contains(title,'x')"; Message = 'not supported' }
        @{ Case = 'mismatched types'; Filter = "isResolved eq 'false'"; Message = 'incompatible types' }
        @{ Case = 'an unterminated string'; Filter = "status eq 'x"; Message = 'unterminated' }
        @{ Case = 'a missing parenthesis'; Filter = "(isResolved eq false"; Message = 'ended unexpectedly' }
        @{ Case = 'not'; Filter = 'not isResolved'; Message = 'not supported' }
    ) {
        $answer = Invoke-RawFilter -Collection issues -Filter $Filter
        $answer.Status | Should -Be 400
        $answer.error.code | Should -Be 'BadRequest'
        $answer.error.message | Should -Match $Message
        $answer.error.innerError.'request-id' | Should -Not -BeNullOrEmpty
    }
}
