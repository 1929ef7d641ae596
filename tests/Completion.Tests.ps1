# Tab completion of -Service, -Status and -Id, through TabExpansion2 as the console uses it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator

    function Get-Completion {
        param([string] $InputScript)
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches)
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Completion of -Service' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'offers nothing, and asks nothing, without a connection' {
        Get-Completion 'Get-O365ServiceMessage -Service Share' | Should -BeNullOrEmpty
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'offers service ids by id or display name, with the display name as tooltip, reading the service list once' {
        Connect-DemoTenant -Emulator $script:Emulator
        $matches = Get-Completion 'Get-O365ServiceMessage -Service Share'
        $matches.CompletionText | Should -Be @('SharePoint')
        $matches[0].ToolTip | Should -Be 'SharePoint Online'

        (Get-Completion "Get-O365ServiceMessage -Service 'Microsoft T").CompletionText | Should -Be @('microsoftteams')
        (Get-Completion 'Get-O365ServiceStatus -Service power').CompletionText | Should -Be @('MicrosoftFlowM365', 'PowerApps', 'PowerAppsM365', 'PowerBIcom')
        @(Get-Completion 'Get-O365ServiceMessage -Service ').Count | Should -Be 27

        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/healthOverviews').Count | Should -Be 1
    }

    It 'uses the list a cmdlet read already, without a request' {
        Connect-DemoTenant -Emulator $script:Emulator
        Get-O365ServiceStatus | Out-Null
        Reset-Emulator $script:Emulator
        (Get-Completion 'Get-O365ServiceMessage -Service Lyn').CompletionText | Should -Be @('Lync')
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'offers nothing when the service list cannot be read' {
        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        Get-Completion 'Get-O365ServiceMessage -Service Share' | Should -BeNullOrEmpty
    }
}

Describe 'Completion of -Status' {
    It 'offers the documented incident statuses' {
        (Get-Completion 'Get-O365ServiceMessage -Status PostI').CompletionText | Should -Be @('PostIncidentReviewPublished')
        (Get-Completion 'Get-O365ServiceMessage -Status service').CompletionText |
            Should -Be @('ServiceOperational', 'ServiceRestored', 'ServiceDegradation', 'ServiceInterruption')
    }
}

Describe 'Completion of -Id' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
        Connect-DemoTenant -Emulator $script:Emulator
    }

    It 'offers nothing before any message was shown' {
        Get-Completion 'Get-O365ServiceMessage -Id ' | Should -BeNullOrEmpty
    }

    It 'offers the ids last written, newest first, the title as tooltip' {
        Get-O365ServiceMessage -MessageType Incident | Out-Null
        Get-O365ServiceMessage -Id EX226574 | Out-Null
        $matches = Get-Completion 'Get-O365ServiceMessage -Id ex2'
        $matches[0].CompletionText | Should -Be 'EX226574'
        $matches[0].ToolTip | Should -BeLike 'EX226574: Admins are unable to migrate*'
        ($matches.CompletionText | Sort-Object) | Should -Be @('EX226574', 'EX226792', 'EX231055', 'EX238911', 'EX245120', 'EX259874', 'EX260233')
    }

    It 'offers the incident ids a status table showed' {
        Get-O365ServiceStatus | Out-Null
        (Get-Completion 'Get-O365ServiceMessage -Id SP1').CompletionText | Sort-Object | Should -Be @('SP197263', 'SP197691')
    }

    It 'offers only the kind each cmdlet takes' {
        Get-O365ServiceMessage | Out-Null
        $incidents = Get-Completion 'Save-O365ServiceIncidentReport -Id '
        $incidents.Count | Should -Be 55
        $incidents.CompletionText | ForEach-Object { $_ | Should -Not -BeLike 'MC*' }
        $posts = Get-Completion 'Save-O365ServiceMessageAttachment -Id '
        $posts.Count | Should -Be 100 -Because 'at most 100 ids are offered at once'
        $posts.CompletionText | ForEach-Object { $_ | Should -BeLike 'MC*' }
        (Get-Completion 'Set-O365ServiceMessage -Id MC1728').CompletionText | Should -Be @('MC172851')
        Get-Completion 'Set-O365ServiceMessage -Id LY' | Should -BeNullOrEmpty
    }

    It 'keeps the ids per connection and follows -TenantId' {
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantId
        Get-O365ServiceMessage -Id LY197383 -TenantId $script:DemoTenant.TenantId | Out-Null
        (Get-Completion "Get-O365ServiceMessage -TenantId $($script:DemoTenant.TenantId) -Id LY").CompletionText | Should -Be @('LY197383')
        Get-Completion "Get-O365ServiceMessage -TenantId $($script:DemoTenant.TenantDomain) -Id LY" | Should -BeNullOrEmpty
        # Without -TenantId, the latest connection (the one by tenant id) is used.
        (Get-Completion 'Get-O365ServiceMessage -Id LY').CompletionText | Should -Be @('LY197383')
    }

    It 'sends no request' {
        Get-O365ServiceMessage -MessageType Incident | Out-Null
        Reset-Emulator $script:Emulator
        Get-Completion 'Get-O365ServiceMessage -Id E' | Should -Not -BeNullOrEmpty
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }
}
