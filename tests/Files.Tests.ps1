# Save-O365ServiceIncidentReport and Save-O365ServiceMessageAttachment against the emulator.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Emulator = Start-Emulator
    # Issues whose post-incident review the demo tenant publishes, and Message Center posts with attachments.
    $script:Published = @('CR237404', 'EX231055', 'LY249981', 'MO241876', 'SP256004', 'TM236452')

    # The non-terminating errors of a command, in order (its other output is dropped).
    function Get-SaveError {
        param([scriptblock] $Action)
        $ErrorActionPreference = 'Continue'
        @(& $Action 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }

    function Get-RawToken {
        (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/delegated' -Method Post).access_token
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Save-O365ServiceIncidentReport' {
    BeforeAll {
        Connect-DemoTenant -Emulator $script:Emulator
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid())
    }

    It 'saves the review as the server names it and returns the file' {
        $file = Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.PSProvider.Name | Should -Be 'FileSystem' -Because 'the file comes as Get-Item gives it, so it shows and pipes like any file'
        $file.Name | Should -BeExactly 'EX231055 - Post-incident review.pdf'
        $file.DirectoryName | Should -Be $script:Folder
        [IO.File]::ReadAllText($file.FullName) | Should -Match '^%PDF-1\.4[\s\S]*Post-incident review EX231055[\s\S]*%%EOF\s*$'
        $requests = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*')
        $requests.path | Should -Be @('/v1.0/admin/serviceAnnouncement/issues/EX231055/incidentReport')
    }

    It 'saves the review of every piped incident whose review is published' {
        # Small pages make the two commands' requests interleave; each one's verbose output stays its own.
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 2 }
        $output = @(& {
            Get-O365ServiceMessage -Status PostIncidentReviewPublished -Verbose |
                Save-O365ServiceIncidentReport -Path $script:Folder -Verbose
        } 4>&1)
        $files = @($output | Where-Object { $_ -is [System.IO.FileInfo] })
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message

        $files.Count | Should -Be 6
        @(Get-ChildItem $script:Folder).Count | Should -Be 6
        ($files.Name | ForEach-Object { $_.Substring(0, 8) } | Sort-Object) | Should -Be $script:Published
        @($verbose -match '^GET \S+/issues\?\$filter=').Count | Should -Be 3
        @($verbose -match '^GET \S+/incidentReport -> 200').Count | Should -Be 6
    }

    It 'keeps a server file name with a path and forbidden characters inside the folder' {
        $folder = Join-Path $script:Folder 'a/b'
        $file = Save-O365ServiceIncidentReport -Id LY249981 -Path $folder
        $file.Name | Should -BeExactly 'LY249981_ Post-incident review_.pdf'
        $file.DirectoryName | Should -Be $folder
        # The server's ../../ led nowhere: the one file written is in the folder.
        @(Get-ChildItem $script:Folder -Recurse -File).FullName | Should -Be @($file.FullName)
    }

    It 'uses the UTF-8 file name (filename*) when the server sends one' {
        (Save-O365ServiceIncidentReport -Id TM236452 -Path $script:Folder).Name | Should -BeExactly "TM236452 $([char]0x2013) Post-incident review.pdf"
    }

    It 'names the file after the id when the server gives no name' {
        (Save-O365ServiceIncidentReport -Id CR237404 -Path $script:Folder).Name | Should -BeExactly 'CR237404-PostIncidentReview.pdf'
    }

    It 'explains that no review is published yet for an incident with another status' {
        $errors = Get-SaveError { Save-O365ServiceIncidentReport -Id EX226574 -Path $script:Folder }
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'IncidentReportNotPublished,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be 'EX226574'
        $errors[0].Exception.Message | Should -Match 'No post-incident review has been published for EX226574 yet: its status is ServiceRestored'
        $errors[0].Exception.Message | Should -Match 'Get-O365ServiceMessage -Status PostIncidentReviewPublished'
        Test-Path $script:Folder | Should -BeFalse -Because 'nothing is created for a review that does not exist'
    }

    It 'reports an unknown issue as MessageNotFound' {
        $errors = Get-SaveError { Save-O365ServiceIncidentReport -Id EX000001 -Path $script:Folder }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MessageNotFound,*'
        $errors[0].Exception.Message | Should -Match "No service health issue has the id 'EX000001'"
    }

    It 'refuses a Message Center id or a malformed id without a request, and goes on with the next id' {
        $errors = Get-SaveError { $script:saved = Save-O365ServiceIncidentReport -Id MC172851, '../x', SP256004 -Path $script:Folder }
        $errors.Count | Should -Be 2
        $errors.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidArgument,*' }
        $errors[0].Exception.Message | Should -Match 'Message Center post id; only service health issues'
        $script:saved.Name | Should -Be 'SP256004 - Post-incident review.pdf'
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*').Count | Should -Be 1
    }

    It 'does not overwrite an existing file without -Force, and does with it' {
        $first = Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder
        Set-Content -Path $first.FullName -Value 'kept'

        $errors = Get-SaveError { Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[0].Exception.Message | Should -Match 'exists already\. Add -Force'
        Get-Content $first.FullName | Should -Be 'kept'

        $again = Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder -Force
        $again.FullName | Should -Be $first.FullName
        [IO.File]::ReadAllText($again.FullName) | Should -Match '^%PDF'
        @(Get-ChildItem $script:Folder).Name | Should -Be @($first.Name) -Because 'no partial file is left behind'
    }

    It 'resolves a relative -Path against the PowerShell location and creates the folder' {
        New-Item -ItemType Directory -Path $script:Folder | Out-Null
        Push-Location $script:Folder
        try {
            $file = Save-O365ServiceIncidentReport -Id EX231055 -Path reports/2021
        }
        finally { Pop-Location }
        $file.FullName | Should -Be (Join-Path $script:Folder 'reports/2021/EX231055 - Post-incident review.pdf')
    }

    It 'saves into the current location without -Path' {
        New-Item -ItemType Directory -Path $script:Folder | Out-Null
        Push-Location $script:Folder
        try { $file = Save-O365ServiceIncidentReport EX231055 }
        finally { Pop-Location }
        $file.DirectoryName | Should -Be $script:Folder
    }

    It 'stops when -Path is a file' {
        New-Item -ItemType Directory -Path $script:Folder | Out-Null
        $existing = New-Item -ItemType File -Path (Join-Path $script:Folder 'a.txt')
        { Save-O365ServiceIncidentReport -Id EX231055 -Path $existing.FullName } | Should -Throw -ErrorId 'InvalidArgument,*'
    }

    It 'with -WhatIf sends nothing and writes nothing' {
        $result = Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder -WhatIf
        $result | Should -BeNullOrEmpty
        Test-Path $script:Folder | Should -BeFalse
        Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/serviceAnnouncement/*' | Should -BeNullOrEmpty
    }

    It 'names the missing permission' {
        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        try {
            $errors = Get-SaveError { Save-O365ServiceIncidentReport -Id EX231055 -Path $script:Folder }
        }
        finally { Connect-DemoTenant -Emulator $script:Emulator }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MissingPermission,*'
        $errors[0].Exception.Message | Should -Match 'ServiceHealth\.Read\.All'
    }
}

Describe 'Save-O365ServiceMessageAttachment' {
    BeforeAll {
        Connect-DemoTenant -Emulator $script:Emulator
        $script:WithAttachments = @(Get-O365ServiceMessage -MessageType MessageCenter | Where-Object HasAttachments)
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid())
    }

    It 'saves the attachments archive, a zip holding every attachment as served' {
        $id = $script:WithAttachments[0].Id
        $file = Save-O365ServiceMessageAttachment -Id $id -Path $script:Folder
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.Name | Should -BeExactly "$($id)_attachments.zip"

        $headers = @{ Authorization = "Bearer $(Get-RawToken)" }
        $api = "$($script:Emulator.BaseUri)/v1.0/admin/serviceAnnouncement/messages/$id/attachments"
        $listed = @((Invoke-RestMethod -Uri $api -Headers $headers).value)
        $listed.Count | Should -Be 2
        $zip = [IO.Compression.ZipFile]::OpenRead($file.FullName)
        try {
            ($zip.Entries.Name | Sort-Object) | Should -Be ($listed.name | Sort-Object)
            foreach ($attachment in $listed) {
                $reader = [IO.StreamReader]::new($zip.GetEntry($attachment.name).Open())
                try { $inZip = $reader.ReadToEnd() } finally { $reader.Dispose() }
                $served = (Invoke-WebRequest -Uri "$api/$($attachment.id)/content" -Headers $headers).RawContentStream.ToArray()
                $inZip | Should -BeExactly ([Text.Encoding]::UTF8.GetString($served))
            }
        }
        finally { $zip.Dispose() }
    }

    It 'saves one archive per piped Message Center post with attachments' {
        $files = @($script:WithAttachments | Save-O365ServiceMessageAttachment -Path $script:Folder)
        $files.Count | Should -Be 5
        ($files.Name | Sort-Object) | Should -Be ($script:WithAttachments.Id | ForEach-Object { "$($_)_attachments.zip" } | Sort-Object)
    }

    It 'explains that a post has no attachments, without asking for the archive' {
        $errors = Get-SaveError { Save-O365ServiceMessageAttachment -Id MC172851 -Path $script:Folder }
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoAttachments,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -Be 'Message Center post MC172851 has no attachments.'
        Get-EmulatorRequest $script:Emulator | Where-Object path -like '*attachmentsArchive' | Should -BeNullOrEmpty
        Test-Path $script:Folder | Should -BeFalse
    }

    It 'reports an unknown post as MessageNotFound and an incident id as InvalidArgument' {
        $errors = Get-SaveError { Save-O365ServiceMessageAttachment -Id MC000001, LY197383 -Path $script:Folder }
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MessageNotFound,*'
        $errors[0].Exception.Message | Should -Match "No Message Center post has the id 'MC000001'"
        $errors[1].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $errors[1].Exception.Message | Should -Match 'Only Message Center posts .* have attachments'
    }

    It 'names the missing permission' {
        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        try {
            $errors = Get-SaveError { Save-O365ServiceMessageAttachment -Id $script:WithAttachments[0].Id -Path $script:Folder }
        }
        finally { Connect-DemoTenant -Emulator $script:Emulator }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MissingPermission,*'
        $errors[0].Exception.Message | Should -Match 'ServiceMessage\.Read\.All'
    }
}
