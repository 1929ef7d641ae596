# What Export-Csv, ConvertTo-Html and ConvertTo-Json make of the module's objects, and Graph's names on them (issue 14).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator
    $script:Status = @(Get-O365ServiceStatus)
    $script:Messages = @(Get-O365ServiceMessage)
    $script:Lync = Get-O365ServiceMessage -Id LY197383
    $script:Mixed = @(Get-O365ServiceMessage -Id LY197383, MC151200, SP197263, MC172851)

    # Every cell of a CSV, as Import-Csv reads it back.
    function Get-CsvCell {
        param([object[]] $Rows)
        foreach ($row in $Rows) { foreach ($property in $row.psobject.Properties) { [string]$property.Value } }
    }
}

AfterAll {
    Disconnect-O365ServiceComms
    Stop-Emulator $script:Emulator
}

Describe 'Graph''s names on issues and Message Center posts' {
    It 'gives every issue Posts that sort by CreatedDateTime, as with the Graph SDK' {
        $posts = @($script:Lync.Posts | Sort-Object CreatedDateTime)
        $posts.Count | Should -Be $script:Lync.Messages.Count
        $posts[0].CreatedDateTime | Should -BeOfType ([datetime])
        $posts[0].CreatedDateTime.Kind | Should -Be 'Local'
        $posts.CreatedDateTime | Should -Be $script:Lync.Messages.PublishedTime
        $posts.PostType | Should -Be $script:Lync.Messages.PostType
        $posts[0].Description.ContentType | Should -Be 'Html'
        $posts[0].Description.Content | Should -Match '^<p>Title: Can&#39;t send messages'
        $posts[0].MessageText | Should -BeExactly $script:Lync.Messages[0].MessageText
        $posts[0].MessageText | Should -Not -Match '<p>'
    }

    It 'carries HighImpact on issues and ExpiryDateTime on Message Center posts' {
        $script:Lync.HighImpact | Should -BeTrue
        (Get-O365ServiceMessage -Id SP197263).HighImpact | Should -BeNullOrEmpty
        $expiring = @($script:Messages | Where-Object { $_.MessageType -eq 'MessageCenter' -and $_.ExpiryDateTime })
        $expiring.Count | Should -BeGreaterThan 0
        $expiring[0].ExpiryDateTime | Should -BeOfType ([datetime])
        $expiring[0].ExpiryDateTime.Kind | Should -Be 'Local'
    }
}

Describe 'Export-Csv and ConvertTo-Html' {
    It 'writes the status with joined incident ids and no type name' {
        $path = Join-Path $TestDrive 'status.csv'
        $script:Status | Export-Csv -Path $path
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $script:Status.Count
        ($rows | Where-Object Id -eq 'OneDriveForBusiness').IncidentIds | Should -Be (($script:Status | Where-Object Id -eq 'OneDriveForBusiness').IncidentIds -join '; ')
        ($rows | Where-Object Id -eq 'OneDriveForBusiness').IncidentIds | Should -Match '^OD\d+; OD\d+$'
        (Get-CsvCell $rows) -match 'System\.|O365ServiceComms\.' | Should -BeNullOrEmpty
        (Get-Content $path -Raw) | Should -Not -Match 'System\.|O365ServiceComms\.'
    }

    It 'writes messages with every list joined by "; " and posts, details and bodies as text' {
        $path = Join-Path $TestDrive 'messages.csv'
        $script:Messages | Export-Csv -Path $path
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $script:Messages.Count
        (Get-Content $path -Raw) | Should -Not -Match 'System\.|O365ServiceComms\.'

        $post = $script:Messages | Where-Object { $_.MessageType -eq 'MessageCenter' -and $_.Tags.Count -gt 1 } | Select-Object -First 1
        $row = $rows | Where-Object Id -eq $post.Id
        $row.Tags | Should -BeExactly ($post.Tags -join '; ')
        $row.MessageTagNames | Should -BeExactly $row.Tags
        $row.Services | Should -BeExactly ($post.Services -join '; ')
        $row.Body | Should -BeExactly $post.Body
        $row.Messages | Should -BeExactly $post.Body

        $row = $rows | Where-Object Id -eq 'LY197383'
        $row.Posts | Should -BeExactly (($script:Lync.Posts.MessageText) -join '; ')
        $row.Messages | Should -Match '^Title: Can''t send messages'
        $row.LatestPost | Should -BeExactly $script:Lync.LatestPost.MessageText
        $row.Workload | Should -Be 'Lync'
        $row.HighImpact | Should -Be 'True'

        $withDetails = $script:Messages | Where-Object { $_.Details.Count -gt 0 } | Select-Object -First 1
        ($rows | Where-Object Id -eq $withDetails.Id).Details | Should -BeExactly (($withDetails.Details | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join '; ')
    }

    It 'keeps the Message Center columns of a mixed list whose first object is an incident' {
        $script:Mixed[0].MessageType | Should -Be 'Incident'
        $path = Join-Path $TestDrive 'mixed.csv'
        $script:Mixed | Export-Csv -Path $path
        $rows = @(Import-Csv $path)
        $columns = $rows[0].psobject.Properties.Name
        foreach ($name in 'Category', 'ActionRequiredByDateTime', 'Body', 'Severity', 'Tags', 'Services', 'IsMajorChange', 'ExpiryDateTime', 'Status', 'Classification', 'Posts') {
            $columns | Should -Contain $name
        }
        $mc = $rows | Where-Object Id -eq 'MC151200'
        $mc.Category | Should -Be 'PreventOrFixIssue'
        $mc.ActionRequiredByDateTime | Should -Not -BeNullOrEmpty
        $mc.Body | Should -Match 'Approvals app'
        $mc.Status | Should -BeNullOrEmpty -Because 'columns of the other kind are empty'
        ($rows | Where-Object Id -eq 'LY197383').Category | Should -BeNullOrEmpty
        # The other order gives the same columns.
        ($script:Mixed | Sort-Object MessageType -Descending | ConvertTo-Csv | ConvertFrom-Csv)[0].psobject.Properties.Name | Should -Be $columns
    }

    It 'writes an HTML table with text in every cell and no type name' {
        $html = ($script:Mixed | ConvertTo-Html) -join "`n"
        $html | Should -Not -Match 'System\.|O365ServiceComms\.'
        $html | Should -Match '<td>Admin impact; Data privacy</td>'
        ($script:Status | ConvertTo-Html) -join "`n" | Should -Match '<td>OD\d+; OD\d+</td>'
    }
}

Describe 'List properties' {
    It 'work like the arrays they replace' {
        $onedrive = $script:Status | Where-Object Id -eq 'OneDriveForBusiness'
        $onedrive.IncidentIds.Count | Should -Be 2
        $onedrive.IncidentIds.Length | Should -Be 2
        $onedrive.IncidentIds[-1] | Should -Be $onedrive.IncidentIds[1]
        $onedrive.IncidentIds -contains $onedrive.IncidentIds[0] | Should -BeTrue
        ($onedrive.IncidentIds -join ',') | Should -Match '^OD\d+,OD\d+$'
        @($script:Status | Where-Object IncidentIds).Count | Should -Be 3 -Because 'an empty list is false, as an empty array is'
        [string[]]$ids = $onedrive.IncidentIds
        $ids.Count | Should -Be 2
        { $onedrive.IncidentIds.Add('x') } | Should -Throw
    }
}

Describe 'ConvertTo-Json' {
    It 'keeps lists as JSON arrays, with no extra members' {
        $json = $script:Mixed | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue | ConvertFrom-Json
        $mc = $json | Where-Object Id -eq 'MC151200'
        , $mc.Tags | Should -BeOfType ([object[]])
        $mc.Tags | Should -Be @('Admin impact', 'Data privacy')
        , $mc.Services | Should -BeOfType ([object[]])
        $incident = $json | Where-Object Id -eq 'LY197383'
        $incident.Posts.Count | Should -Be $script:Lync.Posts.Count
        $incident.Posts[0].Description.Content | Should -BeExactly $script:Lync.Posts[0].Description.Content
        $incident.Posts[0].PSObject.Properties.Name | Should -Be @('CreatedDateTime', 'PostType', 'Description', 'MessageText', 'AdditionalProperties')

        $status = $script:Status | Where-Object Id -eq 'OneDriveForBusiness' | ConvertTo-Json | ConvertFrom-Json
        , $status.IncidentIds | Should -BeOfType ([object[]])
        $status.IncidentIds.Count | Should -Be 2
        ($script:Status[0] | ConvertTo-Json -Compress) | Should -Not -Match '"Count"|"IsReadOnly"|"SyncRoot"'
    }
}
