# Several tenants at once: -TenantId with several values or wildcards, -ThrottleLimit, per-tenant errors, filters and
# -StatePath per tenant, completion, progress, Select-Object -First and Ctrl+C.
# The emulator clones its demo tenant (tenant001.onmicrosoft.com ...); each clone has a post MC9nnnnn and an active
# Exchange issue EX9nnnnn of its own, so a row's TenantId can be checked against its data.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:TenantCount = 20
    $script:Fabrikam = Get-FabrikamTenant
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "o365sc-multitenant-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function Add-EmulatorTenant([int] $Count, [int] $LatencyMs = 0) {
        # Invoke-RestMethod returns a JSON array as one object: enumerate it.
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tenants' -Method Post -Body @{ count = $Count; latencyMs = $LatencyMs } | ForEach-Object { $_ }
    }

    function Set-TenantLatency([string] $Tenant, [int] $Milliseconds) {
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'latency' -Method Post -Body @{ tenant = $Tenant; milliseconds = $Milliseconds } | Out-Null
    }

    # How many delayed Graph requests were in flight at once since the last call.
    function Get-PeakInFlight { (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'latency/peak' -Method Post).peakInFlight }

    function Get-CloneDomain([int] $Index) { 'tenant{0:D3}.onmicrosoft.com' -f $Index }

    function Get-CloneGuid([int] $Index) { '5ca1e000-0000-4000-8000-{0:D12}' -f $Index }

    function Get-CloneMarker([int] $Index) { 'MC9{0:D5}' -f $Index; 'EX9{0:D5}' -f $Index }

    function Connect-Clone([int[]] $Index, [switch] $WithoutConsent) {
        foreach ($i in $Index) {
            $parameters = @{ Emulator = $script:Emulator; TenantId = (Get-CloneDomain $i) }
            if ($WithoutConsent) {
                $parameters.ClientId = $script:DemoTenant.NoConsentClientId
                $parameters.ClientSecret = $script:DemoTenant.NoConsentClientSecret
            }
            Connect-DemoTenant @parameters
        }
    }

    function Connect-Fabrikam {
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:Fabrikam.TenantDomain -ClientId $script:Fabrikam.ClientId -ClientSecret $script:Fabrikam.ClientSecret
    }

    function Set-AllLatency([int] $Milliseconds) {
        1..$script:TenantCount | ForEach-Object { Set-TenantLatency (Get-CloneDomain $_) $Milliseconds }
    }

    function Get-GraphRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '/v1.0/*') }

    $script:Clones = @(Add-EmulatorTenant -Count $script:TenantCount)
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Invoke-EmulatorControl -Emulator $script:Emulator -Path 'scale/reset' -Method Post | Out-Null
    Stop-Emulator $script:Emulator
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Several tenants: results' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Set-AllLatency 0
        Connect-Clone (1..$script:TenantCount)
        Reset-Emulator $script:Emulator
        $script:Messages = @(Get-O365ServiceMessage -TenantId *)
        $script:Requests = @(Get-EmulatorRequest $script:Emulator)
    }

    It 'the emulator made distinct tenants' {
        $script:Clones.Count | Should -Be $script:TenantCount
        @($script:Clones.id | Sort-Object -Unique).Count | Should -Be $script:TenantCount
    }

    It 'returns every issue and post of every connected tenant with -TenantId *' {
        # Each clone: the demo tenant's 55 issues and 141 posts, plus one of each of its own.
        $script:Messages.Count | Should -Be ($script:TenantCount * 198)
        $groups = @($script:Messages | Group-Object TenantId)
        $groups.Count | Should -Be $script:TenantCount
        ($groups.Name | Sort-Object) | Should -Be (1..$script:TenantCount | ForEach-Object { Get-CloneDomain $_ })
        $groups | ForEach-Object { $_.Count | Should -Be 198 -Because "$($_.Name) has 56 issues and 142 posts" }
    }

    It 'tags each row with the tenant whose data it is' {
        foreach ($group in ($script:Messages | Group-Object TenantId)) {
            $index = [int]($group.Name -replace '^tenant(\d{3})\..*$', '$1')
            $own = @($group.Group.Id | Where-Object { $_ -match '^(MC|EX)9\d{5}$' } | Sort-Object)
            $own | Should -Be @(Get-CloneMarker $index | Sort-Object) -Because "$($group.Name) sees its own post and issue only"
            @($group.Group.Id | Sort-Object -Unique).Count | Should -Be 198
        }
    }

    It 'gives status rows per tenant, each with that tenant''s own incident' {
        $status = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 3), (Get-CloneDomain 7), (Get-CloneDomain 12))
        $status.Count | Should -Be (3 * 27)
        foreach ($index in 3, 7, 12) {
            $exchange = @($status | Where-Object { $_.TenantId -eq (Get-CloneDomain $index) -and $_.Id -eq 'Exchange' })
            $exchange.Count | Should -Be 1
            $exchange[0].Status | Should -Be 'ServiceDegradation'
            $exchange[0].IncidentIds | Should -Be @('EX9{0:D5}' -f $index)
            ($status | Where-Object { $_.TenantId -eq (Get-CloneDomain $index) -and $_.Id -eq 'Lync' }).IncidentIds | Should -Be @('LY197383')
        }
    }

    It 'reads a tenant named twice, or by a name and a wildcard, once' {
        $status = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 1), 'TENANT001*', (Get-CloneDomain 1))
        $status.Count | Should -Be 27
        @($status.TenantId | Sort-Object -Unique) | Should -Be @(Get-CloneDomain 1)
    }

    It 'matches wildcards against the tenant id of the token as well as the name connected with' {
        $status = @(Get-O365ServiceStatus -TenantId '5ca1e000-*-00000000000[1-3]')
        ($status.TenantId | Sort-Object -Unique) | Should -Be @(1..3 | ForEach-Object { Get-CloneDomain $_ })
        @(Get-O365ServiceStatus -TenantId (Get-CloneGuid 4), (Get-CloneGuid 5)).Count | Should -Be 54
    }

    It 'finds a post by id in each tenant' {
        $found = @(Get-O365ServiceMessage -Id MC172851 -TenantId 'tenant00[1-4]*')
        $found.Count | Should -Be 4
        ($found.TenantId | Sort-Object) | Should -Be (1..4 | ForEach-Object { Get-CloneDomain $_ })
        $found | ForEach-Object { $_.Title | Should -Be '(Updated) New feature: Changes to PowerPoint and Word to open files faster' }
    }

    It 'reads ids piped with several tenants in one fan-out, once the last id came' {
        $log = [System.Collections.Generic.List[string]]::new()
        & { 'MC172851'; $log.Add('sent MC172851'); 'LY197383'; $log.Add('sent LY197383') } |
            Get-O365ServiceMessage -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) |
            ForEach-Object { $log.Add("got $($_.Id) $($_.TenantId)") }
        # One fan-out for the pipeline: nothing is read while ids still come.
        $log[0..1] | Should -Be 'sent MC172851', 'sent LY197383'
        @($log | Select-Object -Skip 2 | Sort-Object) | Should -Be @(
            foreach ($id in 'LY197383', 'MC172851') { foreach ($i in 1, 2) { "got $id $(Get-CloneDomain $i)" } })
    }

    It 'reads each id piped for one tenant as it comes, as always' {
        $log = [System.Collections.Generic.List[string]]::new()
        & { 'MC172851'; $log.Add('sent MC172851'); 'LY197383'; $log.Add('sent LY197383') } |
            Get-O365ServiceMessage -TenantId (Get-CloneDomain 1) |
            ForEach-Object { $log.Add("got $($_.Id)") }
        $log | Should -Be 'got MC172851', 'sent MC172851', 'got LY197383', 'sent LY197383'
    }

    It 'reports an id missing in one tenant and returns it from the others' {
        $found = @(Get-O365ServiceMessage -Id MC900002 -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) -ErrorVariable missing -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 1
        $found[0].TenantId | Should -Be (Get-CloneDomain 2)
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MessageNotFound,*'
        $missing[0].Exception.Message | Should -Match ([regex]::Escape((Get-CloneDomain 1)))
    }

    It 'reports a malformed id once, before any tenant is read, and reads the good ones' {
        Reset-Emulator $script:Emulator
        $found = @(Get-O365ServiceMessage -Id "MC'1", MC900003 -TenantId (Get-CloneDomain 3), (Get-CloneDomain 4) -ErrorVariable bad -ErrorAction SilentlyContinue)
        $found.Id | Should -Be @('MC900003')
        @($bad | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidArgument,*' }).Count | Should -Be 1
        @($bad | Where-Object { $_.FullyQualifiedErrorId -like 'MessageNotFound,*' }).TargetObject | Should -Be @('MC900003')
        Get-GraphRequest | Where-Object path -like "*MC'1*" | Should -BeNullOrEmpty
    }

    It 'read the service list once per tenant and each list in 1000-item pages' {
        @($script:Requests | Where-Object path -like '*/healthOverviews').Count | Should -Be $script:TenantCount
        @($script:Requests | Where-Object path -like '*/issues').Count | Should -Be $script:TenantCount
        @($script:Requests | Where-Object path -like '*/messages').Count | Should -Be $script:TenantCount
        $script:Requests | Where-Object { $_.path -match '/(issues|messages)$' } | ForEach-Object { $_.prefer | Should -Be 'odata.maxpagesize=1000' }
    }

    It 'writes verbose lines of several tenants from the pipeline thread, each naming its tenant' {
        $records = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) -Verbose 4>&1)
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($records | Where-Object { $_ -is [O365ServiceComms.ServiceStatus] }).Count | Should -Be 54
        foreach ($index in 1, 2) {
            $domain = [regex]::Escape((Get-CloneDomain $index))
            @($verbose | Where-Object Message -match "^\[$domain\] GET https://\S+/healthOverviews\?\`$expand=issues -> 200").Count | Should -Be 1
        }
    }

    It 'writes debug lines of several tenants, each naming its tenant, never the token' {
        $DebugPreference = 'Continue'
        $records = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) 5>&1)
        $debug = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        foreach ($index in 1, 2) {
            $domain = [regex]::Escape((Get-CloneDomain $index))
            $requestHeaders = @($debug | Where-Object Message -match "^\[$domain\] Request headers of GET ")
            $requestHeaders.Count | Should -Be 1
            $requestHeaders[0].Message | Should -Match 'Authorization: \(hidden\)'
        }
        ($debug.Message -join "`n") | Should -Not -Match 'Bearer|eyJ'
    }

    It 'keeps the lines of one tenant as they were' {
        $verbose = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 1) -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($verbose | Where-Object Message -match '^GET https://\S+/healthOverviews\?\$expand=issues -> 200').Count | Should -Be 1
    }

    It 'completes -Id with the ids each named tenant returned' {
        function Get-Completion([string] $InputScript) {
            @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches.CompletionText)
        }
        Get-Completion "Get-O365ServiceMessage -TenantId $(Get-CloneDomain 2) -Id MC9" | Should -Be @('MC900002')
        (Get-Completion "Get-O365ServiceMessage -TenantId $(Get-CloneDomain 2),$(Get-CloneDomain 5) -Id MC9" | Sort-Object) | Should -Be @('MC900002', 'MC900005')
        @(Get-Completion 'Get-O365ServiceMessage -TenantId * -Id EX9').Count | Should -Be $script:TenantCount
    }
}

Describe 'Several tenants: filters, state and progress' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Set-AllLatency 0
        Connect-Clone 1, 2, 3
        Connect-Fabrikam
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    AfterAll {
        Reset-Emulator $script:Emulator
    }

    It 'resolves -Service in each tenant''s own service list' {
        $found = @(Get-O365ServiceMessage -TenantId * -Service exchange -Active)
        # The clones' one active Exchange issue each, and Fabrikam's.
        ($found | ForEach-Object { '{0} {1}' -f $_.TenantId, $_.Id } | Sort-Object) |
            Should -Be @("$($script:Fabrikam.TenantDomain) EX198112", "$(Get-CloneDomain 1) EX900001", "$(Get-CloneDomain 2) EX900002", "$(Get-CloneDomain 3) EX900003")
        $filters = @(Get-GraphRequest | Where-Object path -like '*/issues' | ForEach-Object filter)
        $filters.Count | Should -Be 4
        $filters | ForEach-Object { $_ | Should -Be "service eq 'Exchange Online' and isResolved eq false" }
    }

    It 'reports a service one tenant lacks, naming that tenant, and reads it from the others' {
        $found = @(Get-O365ServiceMessage -TenantId * -Service Lync -Active -ErrorVariable missing -ErrorAction SilentlyContinue)
        ($found | ForEach-Object { '{0} {1}' -f $_.TenantId, $_.Id } | Sort-Object) |
            Should -Be @(1..3 | ForEach-Object { "$(Get-CloneDomain $_) LY197383" })
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -Be 'ServiceNotFound,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $missing[0].Exception.Message | Should -Match "No service 'Lync' in tenant '$([regex]::Escape($script:Fabrikam.TenantDomain))'"
        # Fabrikam's lists were not asked for: no service matched there.
        @(Get-GraphRequest | Where-Object path -like '*/issues').Count | Should -Be 3
    }

    It 'keeps -StatePath per tenant: every item first, then only what changed, in the tenant it changed in' {
        $state = Join-Path $script:Work 'several.json'
        $first = @(Get-O365ServiceMessage -TenantId (1..3 | ForEach-Object { Get-CloneDomain $_ }) -StatePath $state)
        $first.Count | Should -Be (3 * 198)
        $saved = Get-Content $state -Raw | ConvertFrom-Json -AsHashtable
        ($saved.tenants.Keys | Sort-Object) | Should -Be @(1..3 | ForEach-Object { Get-CloneGuid $_ })

        @(Get-O365ServiceMessage -TenantId 'tenant00[1-3]*' -StatePath $state).Count | Should -Be 0
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'messages/MC900002/touch' -Method Post -Body @{ title = 'Changed in tenant 2' } | Out-Null
        $before = (Get-GraphRequest).Count
        $changed = @(Get-O365ServiceMessage -TenantId 'tenant00[1-3]*' -StatePath $state)
        ($changed | ForEach-Object { '{0} {1} {2}' -f $_.TenantId, $_.Id, $_.Title }) | Should -Be @("$(Get-CloneDomain 2) MC900002 Changed in tenant 2")
        # Each tenant asked only for what changed since its own newest item.
        $lists = @(Get-GraphRequest | Select-Object -Skip $before | Where-Object { $_.path -match '/(issues|messages)$' })
        $lists.Count | Should -Be 6
        $lists | ForEach-Object { $_.filter | Should -Match '^lastModifiedDateTime ge \d{4}-' }
    }

    It 'shares a state file between one tenant alone and the same tenant among several' {
        $state = Join-Path $script:Work 'shared.json'
        @(Get-O365ServiceMessage -TenantId (Get-CloneDomain 1) -StatePath $state).Count | Should -Be 198
        $next = @(Get-O365ServiceMessage -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) -StatePath $state)
        $next.Count | Should -Be 198
        ($next.TenantId | Sort-Object -Unique) | Should -Be @(Get-CloneDomain 2)
    }

    It 'reports a state file that cannot be trusted once, reads every tenant in full and rebuilds it' {
        $state = Join-Path $script:Work 'broken.json'
        Set-Content -Path $state -Value 'not a state file'
        $warnings = $null
        $all = @(Get-O365ServiceMessage -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) -StatePath $state -WarningVariable warnings -WarningAction SilentlyContinue)
        $all.Count | Should -Be 396
        @($warnings | Where-Object { "$_" -match '^StateFileUntrusted: ' }).Count | Should -Be 1
        Get-Content "$state.untrusted" -Raw | Should -Be "not a state file$([Environment]::NewLine)"
        @(Get-O365ServiceMessage -TenantId (Get-CloneDomain 1), (Get-CloneDomain 2) -StatePath $state).Count | Should -Be 0
    }

    It 'shows how many tenants were read, from the pipeline thread, and no page progress of their own' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $HostModule, $Emulator, $Domains)
                    Import-Module $HostModule
                    Import-Module $ModulePath
                    foreach ($domain in $Domains) { Connect-DemoTenant -Emulator $Emulator -TenantId $domain }
                    $ProgressPreference = 'Continue'
                    Get-O365ServiceMessage -TenantId *
                }.ToString()).AddParameters(@{
                    ModulePath = $script:ModulePath; HostModule = (Join-Path $PSScriptRoot 'EmulatorHost.psm1')
                    Emulator = $script:Emulator; Domains = @(1..3 | ForEach-Object { Get-CloneDomain $_ })
                })
            $output = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $output.Count | Should -Be (3 * 198)
            $progress = @($ps.Streams.Progress)
            @($progress.Activity | Sort-Object -Unique) | Should -Be @('Reading tenants')
            @($progress | Where-Object RecordType -eq 'Processing').StatusDescription | Should -Be @('1 of 3 tenants read', '2 of 3 tenants read', '3 of 3 tenants read')
            @($progress | Where-Object RecordType -eq 'Processing').PercentComplete | Should -Be @(33, 66, 100)
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Several tenants: concurrency' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Connect-Clone (1..$script:TenantCount)
        Set-AllLatency 300
    }

    AfterAll {
        Set-AllLatency 0
    }

    It 'queries 20 tenants answering in 300 ms in well under the time of 20 one after another' {
        # One tenant alone, measured here: the bound scales with this machine's speed and load.
        Get-O365ServiceStatus -TenantId (Get-CloneDomain 1) | Out-Null
        $single = @(1..3 | ForEach-Object { (Measure-Command { Get-O365ServiceStatus -TenantId (Get-CloneDomain 1) | Out-Null }).TotalMilliseconds } | Sort-Object)[1]
        $single | Should -BeGreaterOrEqual 300
        Get-PeakInFlight | Out-Null

        $all = (Measure-Command { $script:rows = @(Get-O365ServiceStatus -TenantId *) }).TotalMilliseconds
        $script:rows.Count | Should -Be ($script:TenantCount * 27)
        # 20 tenants, 8 at a time: three rounds of 300 ms. One after another they would take at least 20 times as
        # long as one; the bound, half of that, leaves room for a loaded machine, where the reading of 20 answers
        # (CPU, not waiting) grows with the load while the 300 ms do not. That they overlap is the peak below.
        $all | Should -BeLessThan (10 * $single) -Because "one tenant takes $([int]$single) ms; 20 took $([int]$all) ms"
        Get-PeakInFlight | Should -Be 8 -Because 'the default -ThrottleLimit is 8'
    }

    It 'never has more tenants in flight than -ThrottleLimit' {
        Get-PeakInFlight | Out-Null
        $rows = @(Get-O365ServiceStatus -TenantId (1..6 | ForEach-Object { Get-CloneDomain $_ }) -ThrottleLimit 2)
        $rows.Count | Should -Be (6 * 27)
        Get-PeakInFlight | Should -Be 2
    }

    It 'stops every worker once Select-Object -First has enough' {
        Reset-Emulator $script:Emulator
        $first = @(Get-O365ServiceMessage -TenantId * -MessageType MessageCenter | Select-Object -First 5)
        $first.Count | Should -Be 5
        $atEnd = (Get-GraphRequest).Count
        Start-Sleep -Milliseconds 1000
        (Get-GraphRequest).Count | Should -Be $atEnd
        # The eight tenants under way when the pipeline stopped: the other twelve were never asked.
        $atEnd | Should -BeLessOrEqual 16
    }

    It 'refuses a -ThrottleLimit outside 1 to 64' {
        { Get-O365ServiceStatus -TenantId * -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        { Get-O365ServiceMessage -TenantId * -ThrottleLimit 65 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
    }

    It 'renews every tenant''s token at once, one sign-in each, when they all expire' {
        Set-AllLatency 0
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        Reset-Emulator $script:Emulator
        $before = @(Get-O365ServiceCommsConnection | ForEach-Object { $_.TokenExpiresOn })
        $rows = @(Get-O365ServiceStatus -TenantId * -ThrottleLimit 20)
        $rows.Count | Should -Be ($script:TenantCount * 27)
        $tokens = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token')
        $tokens.Count | Should -Be $script:TenantCount
        @($tokens.path | Sort-Object -Unique).Count | Should -Be $script:TenantCount
        $connections = @(Get-O365ServiceCommsConnection)
        for ($i = 0; $i -lt $connections.Count; $i++) {
            $connections[$i].TokenExpiresOn | Should -BeGreaterThan $before[$i]
            $connections[$i].Roles | Should -Be @('ServiceHealth.Read.All', 'ServiceMessage.Read.All')
        }
        Set-AllLatency 300
    }
}

Describe 'Several tenants: errors' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Set-AllLatency 0
        Connect-Clone (1..4)
        # Tenant 3's connection uses an app without admin consent: Graph answers it 403.
        Connect-Clone 3 -WithoutConsent
    }

    It 'writes the failing tenant''s error, with the tenant as target, and returns everything of the others' {
        $messages = @(Get-O365ServiceMessage -TenantId * -ErrorVariable failures -ErrorAction SilentlyContinue)
        $messages.Count | Should -Be (3 * 198)
        ($messages.TenantId | Sort-Object -Unique) | Should -Be @((Get-CloneDomain 1), (Get-CloneDomain 2), (Get-CloneDomain 4))
        $failures.Count | Should -Be 2 -Because 'both lists of tenant 3 are refused'
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'MissingPermission,*'
            $failure.TargetObject | Should -Be (Get-CloneDomain 3)
            $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failure.ToString() | Should -Match ("^Tenant '{0}': Access denied" -f [regex]::Escape((Get-CloneDomain 3)))
        }
        ($failures | ForEach-Object ToString) -join "`n" | Should -Match 'ServiceHealth\.Read\.All'
        ($failures | ForEach-Object ToString) -join "`n" | Should -Match 'ServiceMessage\.Read\.All'
    }

    It 'warns, naming the tenant, that its service ids are missing' {
        # -Service needs the service list: tenant 3 cannot read it, sends the name as given, and is refused the list.
        $found = @(Get-O365ServiceMessage -TenantId (Get-CloneDomain 3), (Get-CloneDomain 4) -Service Exchange -Active -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)
        $found.Id | Should -Be @('EX900004')
        $failures.TargetObject | Should -Be @(Get-CloneDomain 3)
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match ("^\[{0}\] Service ids are not available" -f [regex]::Escape((Get-CloneDomain 3)))
    }

    It 'does not stop Get-O365ServiceStatus for the others' {
        $status = @(Get-O365ServiceStatus -TenantId * -ErrorVariable failures -ErrorAction SilentlyContinue)
        $status.Count | Should -Be (3 * 27)
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be (Get-CloneDomain 3)
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'MissingPermission,*'
    }

    It 'keeps -StatePath for the tenants read and none for the failing one' {
        $state = Join-Path $script:Work 'with-failure.json'
        $messages = @(Get-O365ServiceMessage -TenantId * -StatePath $state -ErrorAction SilentlyContinue)
        $messages.Count | Should -Be (3 * 198)
        $saved = Get-Content $state -Raw | ConvertFrom-Json -AsHashtable
        ($saved.tenants.Keys | Sort-Object) | Should -Be @((Get-CloneGuid 1), (Get-CloneGuid 2), (Get-CloneGuid 4))
    }

    It 'stops at the first failing tenant with -ErrorAction Stop' {
        { Get-O365ServiceStatus -TenantId * -ErrorAction Stop } | Should -Throw -ErrorId 'MissingPermission,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
    }

    It 'stops the command when the one tenant asked for fails, as before' {
        { Get-O365ServiceStatus -TenantId (Get-CloneDomain 3) } | Should -Throw -ErrorId 'MissingPermission,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
    }

    It 'reports a tenant that is not connected and reads the others' {
        $status = @(Get-O365ServiceStatus -TenantId (Get-CloneDomain 1), 'fabrikam.onmicrosoft.com' -ErrorVariable failures -ErrorAction SilentlyContinue)
        $status.Count | Should -Be 27
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $failures[0].TargetObject | Should -Be 'fabrikam.onmicrosoft.com'
    }

    It 'reports a malformed pattern and reads the other tenants' {
        $status = @(Get-O365ServiceStatus -TenantId 'tenant[001', (Get-CloneDomain 2) -ErrorVariable failures -ErrorAction SilentlyContinue)
        $status.Count | Should -Be 27
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $failures[0].TargetObject | Should -Be 'tenant[001'
    }

    It 'returns nothing, and no error, for a pattern that matches no connection' {
        @(Get-O365ServiceStatus -TenantId 'northwind*' -ErrorVariable failures).Count | Should -Be 0
        $failures.Count | Should -Be 0
    }

    It 'says so when * finds no connection at all' {
        Disconnect-O365ServiceComms -Force
        { Get-O365ServiceMessage -TenantId * } | Should -Throw -ErrorId 'NotConnected,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
    }
}

Describe 'Several tenants: Ctrl+C' {
    It 'stops every worker: no request starts after the command is stopped' {
        Set-AllLatency 1000
        $runspace = [powershell]::Create()
        try {
            $runspace.AddScript({
                    param($ModulePath, $HostModule, $Emulator, $Domains)
                    Import-Module $HostModule
                    Import-Module $ModulePath
                    foreach ($domain in $Domains) { Connect-DemoTenant -Emulator $Emulator -TenantId $domain }
                }).AddParameters(@{
                    ModulePath = $script:ModulePath; HostModule = (Join-Path $PSScriptRoot 'EmulatorHost.psm1')
                    Emulator = $script:Emulator; Domains = @(1..$script:TenantCount | ForEach-Object { Get-CloneDomain $_ })
                }).Invoke() | Out-Null
            $runspace.Streams.Error | Should -BeNullOrEmpty
            $runspace.Commands.Clear()

            Reset-Emulator $script:Emulator
            $runspace.AddCommand('Get-O365ServiceMessage').AddParameter('TenantId', '*').AddParameter('ThrottleLimit', 4) | Out-Null
            $async = $runspace.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ((Get-GraphRequest).Count -lt 4 -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            (Get-GraphRequest).Count | Should -BeGreaterOrEqual 4

            $runspace.Stop()
            $async.IsCompleted | Should -BeTrue

            $atStop = (Get-GraphRequest).Count
            Start-Sleep -Milliseconds 2500
            $later = (Get-GraphRequest).Count
            $later | Should -Be $atStop -Because 'cancelled workers start no further request'
            # Without the stop, 20 tenants of three requests each would have been read.
            $later | Should -BeLessThan (3 * $script:TenantCount)
        }
        finally {
            $runspace.Dispose()
            Set-AllLatency 0
        }
    }
}
