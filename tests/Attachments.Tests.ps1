# Get-O365ServiceMessageAttachment, and its attachments piped to Save-O365ServiceMessageAttachment (one file each).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator

    # What Graph itself lists for a post, read with a raw token.
    function Get-ServedAttachment {
        param([string] $Id)
        $token = (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/delegated' -Method Post).access_token
        $script:Headers = @{ Authorization = "Bearer $token" }
        $script:Api = "$($script:Emulator.BaseUri)/v1.0/admin/serviceAnnouncement/messages/$Id/attachments"
        @((Invoke-RestMethod -Uri $script:Api -Headers $script:Headers).value)
    }

    function Get-CommandError {
        param([scriptblock] $Action)
        $ErrorActionPreference = 'Continue'
        @(& $Action 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }
}

AfterAll {
    Disconnect-O365ServiceComms
    Stop-Emulator $script:Emulator
}

Describe 'Get-O365ServiceMessageAttachment' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'lists a post''s attachments as objects with Graph''s fields and the post''s id' {
        $served = Get-ServedAttachment MC151200
        Reset-Emulator $script:Emulator
        $listed = @(Get-O365ServiceMessageAttachment -Id MC151200)

        $listed.Count | Should -Be 2
        $listed[0] | Should -BeOfType ([O365ServiceComms.ServiceMessageAttachment])
        $listed.Id | Should -Be $served.id
        $listed.Name | Should -Be $served.name
        $listed.ContentType | Should -Be $served.contentType
        $listed.Size | Should -Be $served.size
        $listed.IsInline | Should -Be $served.isInline
        $listed.LastModifiedDateTime | ForEach-Object { $_.Kind | Should -Be 'Local' }
        $listed[0].LastModifiedDateTime.ToUniversalTime() | Should -Be ([datetime]$served[0].lastModifiedDateTime).ToUniversalTime()
        $listed.MessageId | Sort-Object -Unique | Should -Be 'MC151200'
        $listed.TenantId | Sort-Object -Unique | Should -Be $script:DemoTenant.TenantDomain
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*').path |
            Should -Be '/v1.0/admin/serviceAnnouncement/messages/MC151200/attachments'
    }

    It 'takes ids and Message Center posts from the pipeline' {
        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter | Where-Object HasAttachments)
        $attachments = @($posts | Get-O365ServiceMessageAttachment)
        $attachments.Count | Should -Be (2 * $posts.Count)
        ($attachments.MessageId | Sort-Object -Unique) | Should -Be ($posts.Id | Sort-Object)
        @('MC151200', 'MC161300' | Get-O365ServiceMessageAttachment).Count | Should -Be 4
    }

    It 'writes nothing for a post without attachments, and reports unknown and wrong ids' {
        @(Get-O365ServiceMessageAttachment -Id MC172851 -ErrorAction Stop).Count | Should -Be 0
        $errors = Get-CommandError { Get-O365ServiceMessageAttachment -Id MC999999, LY197383, 'MC1/../x', MC151200 }
        $errors.FullyQualifiedErrorId | Should -Be @(
            'MessageNotFound,O365ServiceComms.Cmdlets.GetO365ServiceMessageAttachmentCommand'
            'InvalidArgument,O365ServiceComms.Cmdlets.GetO365ServiceMessageAttachmentCommand'
            'InvalidArgument,O365ServiceComms.Cmdlets.GetO365ServiceMessageAttachmentCommand')
        $errors[0].Exception.Message | Should -Match 'MC999999'
    }

    It 'completes -Id with Message Center ids the session has seen' {
        Get-O365ServiceMessage -Id MC151200, LY197383 | Out-Null
        $line = 'Get-O365ServiceMessageAttachment -Id MC1512'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'MC151200'
        $line = 'Get-O365ServiceMessageAttachment -Id LY1973'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Not -Contain 'LY197383'
    }

    It 'shows a table with the post, size, date and name' {
        $text = Get-O365ServiceMessageAttachment -Id MC151200 | Out-String -Width 80
        $text | Should -Match 'MessageId\s+Size\s+LastModifiedDateTime\s+Name'
        $text | Should -Match 'MC151200\s+\d+\s+\S+ \S+\s+MC151200 '
    }
}

Describe 'Save-O365ServiceMessageAttachment with attachments from Get-O365ServiceMessageAttachment' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid())
    }

    It 'saves each attachment as its own file, with the bytes Graph serves, and asks for no archive' {
        $served = Get-ServedAttachment MC151200
        Reset-Emulator $script:Emulator
        $files = @(Get-O365ServiceMessageAttachment -Id MC151200 | Save-O365ServiceMessageAttachment -Path $script:Folder)

        $files.Count | Should -Be 2
        $files | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
        ($files.Name | Sort-Object) | Should -Be ($served.name | Sort-Object)
        $paths = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*').path
        @($paths -like '*/content').Count | Should -Be 2
        @($paths -like '*attachmentsArchive*').Count | Should -Be 0
        foreach ($attachment in $served) {
            $bytes = (Invoke-WebRequest -Uri "$script:Api/$($attachment.id)/content" -Headers $script:Headers).RawContentStream.ToArray()
            [IO.File]::ReadAllBytes((Join-Path $script:Folder $attachment.name)) | Should -Be $bytes
        }
    }

    It 'keeps the zip for -Id alone' {
        $file = Save-O365ServiceMessageAttachment -Id MC151200 -Path $script:Folder
        $file.Name | Should -BeLike '*.zip'
    }

    It 'does not overwrite a file without -Force, and does with it' {
        $attachments = @(Get-O365ServiceMessageAttachment -Id MC151200)
        New-Item -ItemType Directory $script:Folder | Out-Null
        $existing = Join-Path $script:Folder $attachments[0].Name
        Set-Content -Path $existing -Value 'mine'

        $errors = Get-CommandError { $attachments | Save-O365ServiceMessageAttachment -Path $script:Folder }
        $errors.FullyQualifiedErrorId | Should -Be 'FileExists,O365ServiceComms.Cmdlets.SaveO365ServiceMessageAttachmentCommand'
        Get-Content $existing | Should -Be 'mine'
        Test-Path (Join-Path $script:Folder $attachments[1].Name) | Should -BeTrue

        $attachments[0] | Save-O365ServiceMessageAttachment -Path $script:Folder -Force | Out-Null
        Get-Content $existing -Raw | Should -Not -Be "mine$([Environment]::NewLine)"
        @(Get-ChildItem $script:Folder -Filter '*.partial').Count | Should -Be 0
    }

    It 'with -WhatIf sends nothing and writes nothing' {
        $attachments = @(Get-O365ServiceMessageAttachment -Id MC151200)
        Reset-Emulator $script:Emulator
        $attachments | Save-O365ServiceMessageAttachment -Path $script:Folder -WhatIf | Should -BeNullOrEmpty
        Test-Path $script:Folder | Should -BeFalse
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*').Count | Should -Be 0
    }

    It 'reports an attachment Graph no longer has as AttachmentNotFound' {
        $attachment = @(Get-O365ServiceMessageAttachment -Id MC151200)[0]
        # An id Graph does not have, set through the internal setter as a stale list would carry it.
        $gone = $attachment
        [O365ServiceComms.ServiceMessageAttachment].GetProperty('Id').SetValue($gone, '00000000-0000-0000-0000-000000000000')
        $errors = Get-CommandError { $gone | Save-O365ServiceMessageAttachment -Path $script:Folder }
        $errors.FullyQualifiedErrorId | Should -Be 'AttachmentNotFound,O365ServiceComms.Cmdlets.SaveO365ServiceMessageAttachmentCommand'
        Test-Path $script:Folder | Should -BeFalse -Because 'a failed download leaves no file'
    }
}
