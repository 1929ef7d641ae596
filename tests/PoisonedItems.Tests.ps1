# Issue 15 point 6: null entries inside value[] and items whose fields are null cost only themselves, in every list cmdlet.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator
    $script:AllStatus = @(Get-O365ServiceStatus)
    $script:AllIssues = @(Get-O365ServiceMessage -MessageType Incident)
    $script:AllPosts = @(Get-O365ServiceMessage -MessageType MessageCenter)

    # Runs the command and returns its objects, warnings and errors apart.
    function Invoke-Captured {
        param([scriptblock] $Action)
        $ErrorActionPreference = 'Continue'
        $all = @(& $Action 3>&1 2>&1)
        [pscustomobject]@{
            Objects  = @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] })
            Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            Errors   = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

AfterAll {
    Disconnect-O365ServiceComms
    Stop-Emulator $script:Emulator
}

Describe 'Null entries in value[]' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Get-O365ServiceMessage returns every good item and warns once per null entry, naming the page' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullEntries'; path = '/messages'; count = 10 }, @{ kind = 'nullEntries'; path = '/issues'; count = 10 }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        $result.Errors | Should -BeNullOrEmpty
        ($result.Objects.Id | Sort-Object) | Should -Be (($script:AllIssues + $script:AllPosts).Id | Sort-Object)
        $result.Warnings.Count | Should -Be 4
        $result.Warnings.Message | Should -Match 'The page https://127\.0\.0\.1:\d+/v1\.0/admin/serviceAnnouncement/(issues|messages)\S* held an empty \(null\) entry'
        # Null posts and details inside the items are left out too.
        ($result.Objects | Where-Object Id -eq 'LY197383').Posts.Count | Should -Be (Get-O365ServiceMessage -Id LY197383).Posts.Count
    }

    It 'Get-O365ServiceStatus returns every service and its active incidents' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullEntries'; path = '/healthOverviews'; count = 10 }
        $result = Invoke-Captured { Get-O365ServiceStatus }
        $result.Errors | Should -BeNullOrEmpty
        $result.Objects.Id | Should -Be $script:AllStatus.Id
        ($result.Objects | ForEach-Object { "$($_.Id)=$($_.IncidentIds)" }) | Should -Be ($script:AllStatus | ForEach-Object { "$($_.Id)=$($_.IncidentIds)" })
        $result.Warnings.Count | Should -Be 2
    }

    It 'Export-O365ServiceHealthReport writes the page with every incident and post' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullEntries'; path = '/healthOverviews'; count = 10 }, @{ kind = 'nullEntries'; path = '/messages'; count = 10 }
        $path = Join-Path $TestDrive 'status.html'
        $result = Invoke-Captured { Export-O365ServiceHealthReport -Path $path -Days 3650 }
        $result.Errors | Should -BeNullOrEmpty
        $html = Get-Content $path -Raw
        foreach ($id in $script:AllStatus.IncidentIds) { $html | Should -Match $id }
        $result.Warnings.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Items whose fields are null' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Get-O365ServiceMessage returns the item with empty properties, and every other item' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullFields'; path = '/messages'; count = 10 }, @{ kind = 'nullFields'; path = '/issues'; count = 10 }
        $result = Invoke-Captured { Get-O365ServiceMessage }
        $result.Errors | Should -BeNullOrEmpty
        ($result.Objects.Id | Sort-Object) | Should -Be (($script:AllIssues + $script:AllPosts).Id | Sort-Object)
        $post = $result.Objects | Where-Object { $_.MessageType -eq 'MessageCenter' -and -not $_.Title } | Select-Object -First 1
        $post | Should -Not -BeNullOrEmpty
        $post.Severity | Should -BeNullOrEmpty
        $post.Category | Should -BeNullOrEmpty
        $post.Services.Count | Should -Be 0
        $post.Tags.Count | Should -Be 0
        $post.Body | Should -BeNullOrEmpty
        $post.IsMajorChange | Should -BeNullOrEmpty
        $post.HasAttachments | Should -BeNullOrEmpty
        $issue = $result.Objects | Where-Object { $_.MessageType -eq 'Incident' -and -not $_.Title } | Select-Object -First 1
        $issue.IsResolved | Should -BeNullOrEmpty
        $issue.Status | Should -BeNullOrEmpty
        $issue.Classification | Should -BeNullOrEmpty
        $issue.Posts.Count | Should -Be 0
        $issue.Details.Count | Should -Be 0
        $issue.StartDateTime | Should -Be ([datetime]::MinValue)
        # They still export.
        ($post, $issue | ConvertTo-Csv | ConvertFrom-Csv).Count | Should -Be 2
    }

    It 'Get-O365ServiceStatus returns every service; an issue that does not say it is resolved counts as active' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullFields'; path = '/healthOverviews'; count = 10 }
        $result = Invoke-Captured { Get-O365ServiceStatus }
        $result.Errors | Should -BeNullOrEmpty
        $result.Objects.Id | Should -Be $script:AllStatus.Id
        $result.Objects[0].Service | Should -BeNullOrEmpty
        $result.Objects[0].Status | Should -BeNullOrEmpty
    }

    It 'ConvertTo-O365ServiceFeed and Export-O365ServiceHealthReport take them' {
        Add-EmulatorFault $script:Emulator @{ kind = 'nullFields'; path = '/messages'; count = 10 }, @{ kind = 'nullFields'; path = '/healthOverviews'; count = 10 }
        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter)
        $feed = [xml](($posts | ConvertTo-O365ServiceFeed -Format Rss) -join "`n")
        @($feed.rss.channel.item).Count | Should -Be $script:AllPosts.Count
        $atom = [xml](($posts | ConvertTo-O365ServiceFeed -Format Atom) -join "`n")
        @($atom.feed.entry).Count | Should -Be $script:AllPosts.Count

        $path = Join-Path $TestDrive 'nullfields.html'
        $result = Invoke-Captured { Export-O365ServiceHealthReport -Path $path -Days 3650 }
        $result.Errors | Should -BeNullOrEmpty
        Test-Path $path | Should -BeTrue
    }
}
