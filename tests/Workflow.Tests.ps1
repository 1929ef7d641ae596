# The old Service Communications workflow, end to end against the emulator's demo tenant.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:ActiveIncidents = [ordered]@{
        Lync                = @('LY197383')
        SharePoint          = @('SP197263', 'SP197691')
        OneDriveForBusiness = @('OD197264', 'OD197692')
    }
    $script:ServiceIds = @(
        'DynamicsAX', 'DynamicsCRM', 'Exchange', 'Forms', 'Intune', 'kaizalamessagingservices', 'Lync', 'MDATP',
        'MicrosoftFlow', 'MicrosoftFlowM365', 'microsoftteams', 'MobileDeviceManagement', 'O365Client', 'officeonline',
        'OneDriveForBusiness', 'OrgLiveID', 'OSDPPlatform', 'OSub', 'Planner', 'PowerApps', 'PowerAppsM365', 'PowerBIcom',
        'RMS', 'SharePoint', 'SocialEngagement', 'StaffHub', 'yammer')
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'The old workflow, one session' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:ConnectOutput = @(Connect-DemoTenant -Emulator $script:Emulator)
        $script:Status = @(Get-O365ServiceStatus)
        $script:Table = $script:Status | Format-Table Id, Status, StatusTime, IncidentIds -AutoSize | Out-String -Width 200
        $script:Messages = @(Get-O365ServiceMessage)
        $script:Lync = @(Get-O365ServiceMessage | Where-Object { $_.Id -eq 'LY197383' })
        $script:Posts = @(Get-O365ServiceMessage -Id LY197383 | Select-Object -ExpandProperty Messages)
        $script:Piped = @(Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage)
        $script:Requests = @(Get-EmulatorRequest $script:Emulator)
    }

    It 'Connect writes nothing to the pipeline' {
        $script:ConnectOutput.Count | Should -Be 0
    }

    It 'lists every service of the tenant once, under its short id' {
        $script:Status.Count | Should -Be 27
        ($script:Status.Id | Sort-Object) | Should -Be ($script:ServiceIds | Sort-Object)
        $script:Status | ForEach-Object { $_ | Should -BeOfType ([O365ServiceComms.ServiceStatus]) }
    }

    It 'shows status in the old spelling although Graph sends lower camel case' {
        ($script:Status | Where-Object Id -eq 'Lync').Status | Should -BeExactly 'ServiceDegradation'
        ($script:Status | Where-Object Id -eq 'Exchange').Status | Should -BeExactly 'ServiceOperational'
    }

    It 'lists exactly the unresolved issues of each service as IncidentIds' {
        foreach ($service in $script:Status) {
            $expected = if ($script:ActiveIncidents.Contains($service.Id)) { $script:ActiveIncidents[$service.Id] } else { @() }
            @($service.IncidentIds | Sort-Object) | Should -Be @($expected | Sort-Object) -Because "$($service.Id) has those active incidents"
        }
    }

    It 'carries the old names beside the new ones' {
        $exchange = $script:Status | Where-Object Id -eq 'Exchange'
        $exchange.Workload | Should -Be 'Exchange'
        $exchange.WorkloadDisplayName | Should -Be 'Exchange Online'
        $exchange.Service | Should -Be 'Exchange Online'
        $exchange.TenantId | Should -Be $script:DemoTenant.TenantDomain
        $exchange.StatusTime | Should -BeGreaterThan (Get-Date).AddMinutes(-5)
    }

    It 'renders the old status table' {
        $script:Table | Should -Match 'Lync\s+ServiceDegradation\s+.+\{LY197383\}'
        $script:Table | Should -Match 'SharePoint\s+ServiceDegradation\s+.+\{SP197263, SP197691\}'
        $script:Table | Should -Match 'Exchange\s+ServiceOperational\s+.+\{\}'
    }

    It 'returns every issue and every Message Center post exactly once' {
        $script:Messages.Count | Should -Be 196
        @($script:Messages.Id | Sort-Object -Unique).Count | Should -Be 196
    }

    It 'groups by MessageType like the old Messages list' {
        $groups = $script:Messages | Group-Object MessageType -NoElement | Sort-Object Name
        ($groups | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ';' | Should -Be 'Incident=55;MessageCenter=141'
    }

    It 'groups Message Center posts by severity' {
        $groups = $script:Messages | Where-Object MessageType -eq MessageCenter | Group-Object Severity -NoElement | Sort-Object Name
        ($groups | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ';' | Should -Be 'Critical=2;High=5;Normal=134'
    }

    It 'invents no severity for issues' {
        $script:Messages | Where-Object MessageType -eq Incident | Where-Object Severity | Should -BeNullOrEmpty
    }

    It 'finds LY197383 with Where-Object, as the old workflow did' {
        $script:Lync.Count | Should -Be 1
        $script:Lync[0].Title | Should -Be "Can't send messages or make calls to specific federated users"
        $script:Lync[0].Workload | Should -Be 'Lync'
        $script:Lync[0].WorkloadDisplayName | Should -Be 'Skype for Business'
        $script:Lync[0].Status | Should -Be 'ServiceDegradation'
        $script:Lync[0].IsResolved | Should -BeFalse
    }

    It 'expands the posts of LY197383 as plain text, oldest first' {
        $script:Posts.Count | Should -Be 4
        foreach ($post in $script:Posts) {
            $post.MessageText | Should -Not -BeNullOrEmpty
            $post.MessageText | Should -Not -Match '<(p|li|ul|br|div|a)\b'
            $post.MessageText | Should -Not -Match '&(amp|lt|gt|#39|quot);'
            $post.PublishedTime | Should -BeOfType ([datetime])
        }
        $times = $script:Posts.PublishedTime
        ($times | Sort-Object) | Should -Be $times
        @($script:Posts.MessageText | Sort-Object -Unique).Count | Should -Be 4
    }

    It 'keeps paragraphs and list items of the HTML as lines' {
        $text = $script:Posts.MessageText -join "`n"
        $text | Should -Match "(?m)^- "
        $text | Should -Match "Can't"
    }

    It 'yields exactly the active incidents for piped status objects' {
        ($script:Piped.Id | Sort-Object) | Should -Be @('LY197383', 'OD197264', 'OD197692', 'SP197263', 'SP197691')
        $script:Piped | ForEach-Object { $_.IsResolved | Should -BeFalse }
    }

    It 'cost exactly one token request for the whole session' {
        @($script:Requests | Where-Object path -like '*/oauth2/v2.0/token').Count | Should -Be 1
    }

    It 'never sends $top and asks for large pages instead' {
        $script:Requests | Where-Object { $_.query -match '(^|[?&])(\$|%24)top=' } | Should -BeNullOrEmpty
        $collections = @($script:Requests | Where-Object { $_.path -match '/(issues|messages)$' })
        $collections.Count | Should -BeGreaterThan 0
        $collections | ForEach-Object { $_.prefer | Should -Be 'odata.maxpagesize=1000' }
    }

    It 'answered the piped query without asking Graph again' {
        # The last Get-O365ServiceStatus read the incidents with $expand=issues; the pipe costs no request after it.
        $last = [array]::FindLastIndex([object[]]$script:Requests, [Predicate[object]] { param($r) $r.path -like '*/healthOverviews' })
        $script:Requests.Count - 1 | Should -Be $last
    }
}

Describe 'Paging' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'follows every next link when the service pages in small steps' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $all = @(Get-O365ServiceMessage)
        $all.Count | Should -Be 196
        @($all.Id | Sort-Object -Unique).Count | Should -Be 196
        $pages = @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '/(issues|messages)$' })
        $pages.Count | Should -Be (6 + 15)
        @($pages | Where-Object { $_.query -match 'skiptoken' }).Count | Should -Be (5 + 14)
    }

    It 'stops asking for pages once Select-Object -First has enough' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $first = @(Get-O365ServiceMessage -MessageType MessageCenter | Select-Object -First 3)
        $first.Count | Should -Be 3
        @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '/messages$' }).Count | Should -Be 1
    }

    It 'filters by MessageType without reading the other list' {
        $incidents = @(Get-O365ServiceMessage -MessageType Incident)
        $incidents.Count | Should -Be 55
        $incidents | ForEach-Object { $_ | Should -BeOfType ([O365ServiceComms.ServiceIncident]) }
        Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '/messages' } | Should -BeNullOrEmpty
    }
}
