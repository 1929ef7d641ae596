# Format views: a table and a list for each output type, and what they show.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:Connection = Connect-DemoTenant -Emulator $script:Emulator -PassThru
    $script:Status = @(Get-O365ServiceStatus)
    $script:Lync = Get-O365ServiceMessage -Id LY197383
    $script:Post = Get-O365ServiceMessage -Id MC172851

    function Show {
        param([Parameter(ValueFromPipeline)] $InputObject, [string] $As = 'Default')
        begin { $items = @() }
        process { $items += $InputObject }
        end {
            $text = switch ($As) {
                'Table' { $items | Format-Table | Out-String -Width 220 }
                'List' { $items | Format-List | Out-String -Width 220 }
                default { $items | Out-String -Width 220 }
            }
            $text
        }
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Format views' {
    It '<Type> has a table view and a list view' -ForEach @(
        @{ Type = 'O365ServiceComms.ServiceStatus' }
        @{ Type = 'O365ServiceComms.ServiceIncident' }
        @{ Type = 'O365ServiceComms.MessageCenterPost' }
        @{ Type = 'O365ServiceComms.ServiceMessagePost' }
        @{ Type = 'O365ServiceComms.ServiceCommsConnection' }
    ) {
        $controls = @((Get-FormatData -TypeName $Type).FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name })
        $controls | Should -Contain 'TableControl'
        $controls | Should -Contain 'ListControl'
    }

    It 'shows messages by default as the table an admin scans' {
        $text = @($script:Lync, $script:Post) | Show
        $text | Should -Match 'Id\s+Status/Severity\s+Service\s+LastUpdated\s+Title'
        $text | Should -Match 'LY197383\s+ServiceDegradation\s+Skype for Busi\S*\s+\d{4}-\d\d-\d\d\s+Can''t send messages or make calls'
        $text | Should -Match 'MC172851\s+Normal\s+SharePoint Onl\S*\s+\d{4}-\d\d-\d\d\s+\S'
    }

    It 'lists an incident with its latest post' {
        $text = $script:Lync | Show -As List
        $text | Should -Match 'Classification\s*:\s*Incident'
        $text | Should -Match 'LatestPost\s*:\s*Title: Can''t send messages'
        $text | Should -Match 'The revert has completed for about 80%'
    }

    It 'lists a Message Center post with its body, attachments and viewpoint' {
        $text = $script:Post | Show -As List
        $text | Should -Match 'Severity\s*:\s*Normal'
        $text | Should -Match 'Services\s*:\s*\{SharePoint Online, OneDrive for Business\}'
        $text | Should -Match 'HasAttachments\s*:\s*False'
        $text | Should -Match '(?m)^ViewPoint\s*:\s*$' -Because 'an app sign-in has no viewpoint'
        $text | Should -Match 'Body\s*:\s*Updated January 07, 2021'
    }

    It 'lists a service status with its incidents' {
        $text = $script:Status | Where-Object Id -eq SharePoint | Show -As List
        $text | Should -Match 'Service\s*:\s*SharePoint Online'
        $text | Should -Match 'IncidentIds\s*:\s*\{SP197263, SP197691\}'
    }

    It 'tables posts one line each' {
        $text = $script:Lync.Messages | Show -As Table
        $text | Should -Match 'PublishedTime\s+PostType\s+MessageText'
        $text | Should -Match 'Quick\s+We''ve identified a recent configuration change'
        ($text -split "`n" | Where-Object { $_ -match '^\s*\d' }).Count | Should -Be 4
    }

    It 'lists a connection without secret or token' {
        $text = $script:Connection | Show -As List
        $text | Should -Match 'AuthType\s*:\s*ClientSecret'
        $text | Should -Match 'Roles\s*:\s*\{ServiceHealth.Read.All, ServiceMessage.Read.All\}'
        $text | Should -Not -Match 'eyJ'
        $text | Should -Not -Match ([regex]::Escape($script:DemoTenant.ClientSecret))
    }

    It 'shows a viewpoint readably' {
        # Only a delegated sign-in fills it; the type's text form is what list views print.
        $viewPoint = [O365ServiceComms.ServiceMessageViewPoint].GetConstructor([Reflection.BindingFlags]'NonPublic,Public,Instance', [type[]]@())
        $viewPoint | Should -Not -BeNullOrEmpty
        $viewPoint.Invoke(@()).ToString() | Should -Be 'IsRead=; IsArchived=; IsFavorited='
    }
}
