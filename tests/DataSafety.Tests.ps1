# Hostile and poisoned data from the server (issue 15 points 1, 7, 8, 9, 10): deeply nested markup, poisoned
# -StatePath runs, characters XML forbids, file names and text for people, and endpoints that sign in elsewhere.
# Each class: the process lives, the call ends in bounded time, a clear error with a stable id, good items still come.
Describe 'Hostile and poisoned data from the server' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'common.ps1')
        Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
        $script:Emulator = Start-Emulator
        $script:Work = Join-Path ([IO.Path]::GetTempPath()) "o365sc-datasafety-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $script:Work | Out-Null

        # POST /_emulator/hostile/answers (tests/O365ServiceComms.Emulator/HostileAnswers.cs), raw JSON so that any value goes.
        function Add-HostileAnswer {
            param([Parameter(Mandatory)] [string] $Json)
            Invoke-RestMethod -Method Post -Uri "$($script:Emulator.BaseUri)/_emulator/hostile/answers" -ContentType 'application/json' -Body ([Text.Encoding]::UTF8.GetBytes($Json)) | Out-Null
        }

        function Set-TokenTenantClaim {
            param([string] $TenantId)
            Invoke-RestMethod -Method Post -Uri "$($script:Emulator.BaseUri)/_emulator/hostile/tokenTenant" -ContentType 'application/json' -Body (@{ tid = $TenantId } | ConvertTo-Json) | Out-Null
        }

        function Get-MessageRequest {
            @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '/messages$' })
        }

        # Every character of a message shown to people that a terminal would act on.
        $script:ControlCharacters = '[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]'
    }

    AfterAll {
        Get-O365ServiceCommsConnection | ForEach-Object { Disconnect-O365ServiceComms -TenantId $_.TenantId }
        Stop-Emulator $script:Emulator
        Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    Describe 'Deeply nested markup (issue 15, point 1)' {
        It 'renders text, feeds and the page of a post nested <Depth> divs deep in a child pwsh that exits 0' -ForEach @(
            @{ Depth = 50000 }, @{ Depth = 200000 }
        ) {
            $nested = ('<div>' * $Depth) + 'deep text' + ('</div>' * $Depth)
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'issues/LY197383/touch' -Method Post -Body @{ post = "<p>Before</p>$nested<p>After</p>" } | Out-Null
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'messages/MC151200/touch' -Method Post -Body @{ body = $nested } | Out-Null

            $out = Join-Path $script:Work "deep-$Depth"
            New-Item -ItemType Directory -Path $out | Out-Null
            $script = Join-Path $out 'child.ps1'
            Set-Content -Path $script -Value @'
    param($ModulePath, $BaseUri, $TenantId, $ClientId, $Secret, $Out)
    $ErrorActionPreference = 'Stop'
    Import-Module $ModulePath
    Connect-O365ServiceComms -TenantId $TenantId -ClientId $ClientId -ClientSecret (ConvertTo-SecureString $Secret -AsPlainText -Force) -AuthorityHost $BaseUri -GraphEndpoint $BaseUri
    $incident = Get-O365ServiceMessage -Id LY197383
    $post = Get-O365ServiceMessage -Id MC151200
    $incident, $post | ConvertTo-O365ServiceFeed -Format Rss -Path (Join-Path $Out 'feed.xml')
    $incident, $post | ConvertTo-O365ServiceFeed -Format Atom -Path (Join-Path $Out 'feed.atom')
    Export-O365ServiceHealthReport -Path (Join-Path $Out 'report.html') | Out-Null
    Set-Content -Path (Join-Path $Out 'incident.txt') -Value $incident.Messages[-1].MessageText
    Set-Content -Path (Join-Path $Out 'post.txt') -Value $post.Body
    $peak = if (Test-Path /proc/self/status) {
        [long]((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '') * 1024
    }
    else { [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }
    Set-Content -Path (Join-Path $Out 'peak.txt') -Value $peak
'@
            $demo = Get-DemoTenant
            $run = Invoke-FreshPwsh -File $script -TimeoutSeconds 240 -ArgumentList @(
                $script:ModulePath, $script:Emulator.BaseUri, $demo.TenantDomain, $demo.ClientId, $demo.ClientSecret, $out)

            $run.ExitCode | Should -Be 0 -Because $run.Error
            $text = Get-Content (Join-Path $out 'incident.txt') -Raw
            $text | Should -Match '^Before'
            $text | Should -Match 'deep text'
            $text.TrimEnd() | Should -Match 'After$'
            Get-Content (Join-Path $out 'post.txt') -Raw | Should -Match 'deep text'
            ([xml](Get-Content (Join-Path $out 'feed.xml') -Raw)).rss.channel.item.Count | Should -Be 2
            ([xml](Get-Content (Join-Path $out 'feed.atom') -Raw)).feed.entry.Count | Should -Be 2
            Get-Content (Join-Path $out 'report.html') -Raw | Should -Match 'deep text'
            [long](Get-Content (Join-Path $out 'peak.txt') -Raw) | Should -BeLessThan 1GB -Because 'the peak working set of the process stays under 1 GB'
        }
    }

    Describe '-StatePath against poisoned data (issue 15, point 7)' {
        BeforeAll {
            Connect-DemoTenant -Emulator $script:Emulator | Out-Null
            $script:Poisoned = @'
    {"path": "/messages", "appendItems": [
     {"id": "MC999999", "title": "From the far future", "lastModifiedDateTime": "9999-12-31T23:59:59Z", "startDateTime": "9999-12-31T00:00:00Z",
      "category": "stayInformed", "severity": "normal", "services": ["Exchange Online"], "tags": [], "isMajorChange": false, "hasAttachments": false,
      "body": {"contentType": "html", "content": "<p>future</p>"}},
     {"id": null, "title": "No id", "lastModifiedDateTime": "2026-01-01T00:00:00Z", "startDateTime": "2026-01-01T00:00:00Z",
      "category": "stayInformed", "severity": "normal", "services": [], "tags": [], "isMajorChange": false, "hasAttachments": false,
      "body": {"contentType": "html", "content": "<p>no id</p>"}},
     {"id": "MC000001", "title": "No dates", "category": "stayInformed", "severity": "normal", "services": [], "tags": [],
      "isMajorChange": false, "hasAttachments": false, "body": {"contentType": "html", "content": "<p>no dates</p>"}},
     {"id": "MC000002", "title": "Year one", "lastModifiedDateTime": "0001-01-01T00:00:00Z", "startDateTime": "0001-01-01T00:00:00Z",
      "category": "stayInformed", "severity": "normal", "services": [], "tags": [], "isMajorChange": false, "hasAttachments": false,
      "body": {"contentType": "html", "content": "<p>year one</p>"}}
    ]}
'@
        }

        It 'returns the poisoned items, and a post dated 9999-12-31 does not blind the next runs' {
            $state = Join-Path $script:Work "poisoned-$([guid]::NewGuid().ToString('N')).json"
            Add-HostileAnswer $script:Poisoned

            $first = @(Get-O365ServiceMessage -MessageType MessageCenter -StatePath $state -ErrorVariable failures)
            $failures | Should -BeNullOrEmpty
            $first.Count | Should -Be (141 + 4)
            $first.Title | Should -Contain 'No id'
            $first.Title | Should -Contain 'No dates'
            $first.Title | Should -Contain 'Year one'
            # The clock is held back by the start of this read, recorded because an item is dated after it.
            $lists = (Get-Content $state -Raw | ConvertFrom-Json -AsHashtable).tenants[$script:DemoTenant.TenantId]
            ([datetime]$lists.messages.readAt).ToUniversalTime() | Should -BeLessOrEqual ([datetime]::UtcNow)

            # A real change after the poisoned run comes, and the clock in the request is not 9999.
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'messages/MC151200/touch' -Method Post -Body @{ title = 'Changed after the poisoned run' } | Out-Null
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'requests' | Out-Null
            $second = @(Get-O365ServiceMessage -MessageType MessageCenter -StatePath $state -ErrorVariable failures)
            $failures | Should -BeNullOrEmpty
            $second.Id | Should -Contain 'MC151200'
            $second.Id | Should -Not -Contain 'MC999999'
            $query = [uri]::UnescapeDataString((Get-MessageRequest)[-1].query)
            $query | Should -Not -Match '9999'
            # A time of the last hours (the state's clock with its overlap), not today's date, which fails near midnight.
            $query -match 'lastModifiedDateTime ge (\S+Z)' | Should -BeTrue -Because $query
            $asked = [datetimeoffset]::Parse($Matches[1], [cultureinfo]::InvariantCulture).UtcDateTime
            $asked | Should -BeLessOrEqual ([datetime]::UtcNow)
            $asked | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(-1))

            # Items without dates, answered though older than the filter, come once more at most; the item without an
            # id cannot be recognised and always comes.
            $third = @(Get-O365ServiceMessage -MessageType MessageCenter -StatePath $state -ErrorVariable failures)
            $failures | Should -BeNullOrEmpty
            $third.Title | Should -Be 'No id'
        }

        It 'keeps one state key for a rolling -Since and asks from the later of -Since and the state' {
            $state = Join-Path $script:Work "rolling-$([guid]::NewGuid().ToString('N')).json"
            $first = @(Get-O365ServiceMessage -MessageType MessageCenter -Since (Get-Date).AddYears(-30) -StatePath $state)
            $first.Count | Should -Be 141
            Start-Sleep -Milliseconds 1100
            @(Get-O365ServiceMessage -MessageType MessageCenter -Since (Get-Date).AddYears(-30) -StatePath $state).Count | Should -Be 0
            $lists = (Get-Content $state -Raw | ConvertFrom-Json -AsHashtable).tenants[$script:DemoTenant.TenantId]
            $lists.Keys | Should -Be @('messages')
            # One time filter: the state's clock, later than -Since.
            $query = [uri]::UnescapeDataString((Get-MessageRequest)[-1].query)
            ([regex]::Matches($query, 'lastModifiedDateTime ge')).Count | Should -Be 1
            $query | Should -Not -Match ('ge ' + (Get-Date).AddYears(-30).ToString('yyyy'))

            # A -Since later than the state's clock is the one sent.
            $later = [datetime]::UtcNow.AddMinutes(-5)
            @(Get-O365ServiceMessage -MessageType MessageCenter -Since $later -StatePath $state).Count | Should -Be 0
            [uri]::UnescapeDataString((Get-MessageRequest)[-1].query) | Should -Match ('lastModifiedDateTime ge ' + $later.ToString('yyyy-MM-ddTHH:mm'))
        }

        It 'reports a state file nested too deep to read (StateFileUntrusted) and returns every item' {
            $state = Join-Path $script:Work "deep-$([guid]::NewGuid().ToString('N')).json"
            Set-Content -Path $state -Value (('{"a":' * 20000) + '1' + ('}' * 20000))
            $warnings = $null
            @(Get-O365ServiceMessage -MessageType MessageCenter -StatePath $state -WarningVariable warnings -WarningAction SilentlyContinue).Count | Should -Be 141
            "$warnings" | Should -Match '^StateFileUntrusted: '
            Test-Path "$state.untrusted" | Should -BeTrue
        }
    }

    Describe 'Characters XML forbids (issue 15, point 8)' {
        BeforeAll {
            Connect-DemoTenant -Emulator $script:Emulator | Out-Null
        }

        It 'writes a well-formed <Format> feed with every item when a title holds U+0001 and U+FFFE' -ForEach @(
            @{ Format = 'Rss' }, @{ Format = 'Atom' }
        ) {
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'messages/MC151200/touch' -Method Post -Body @{ title = "Bad $([char]1) title $([char]0xFFFE) here" } | Out-Null
            $posts = @(Get-O365ServiceMessage -MessageType MessageCenter)
            $path = Join-Path $script:Work "forbidden.$Format.xml"
            $posts | ConvertTo-O365ServiceFeed -Format $Format -Path $path
            $xml = [xml](Get-Content $path -Raw)
            $items = if ($Format -eq 'Rss') { $xml.rss.channel.item } else { $xml.feed.entry }
            @($items).Count | Should -Be $posts.Count
            $titles = @($items | ForEach-Object { if ($_.title -is [string]) { $_.title } else { $_.title.'#text' } })
            $titles | Should -Contain "Bad $([char]0xFFFD) title $([char]0xFFFD) here"
            # The object keeps the server's true value.
            ($posts | Where-Object Id -eq 'MC151200').Title | Should -Be "Bad $([char]1) title $([char]0xFFFE) here"
        }

        It 'writes the page with every item and no character HTML forbids' {
            Invoke-EmulatorControl -Emulator $script:Emulator -Path 'issues/LY197383/touch' -Method Post -Body @{ title = "Outage $([char]1)$([char]0xFFFF) now" } | Out-Null
            $path = Join-Path $script:Work 'forbidden.html'
            Export-O365ServiceHealthReport -Path $path | Out-Null
            $html = Get-Content $path -Raw
            $html | Should -Match ([regex]::Escape("Outage $([char]0xFFFD)$([char]0xFFFD) now"))
            $html | Should -Not -Match '[\x01-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]'
            foreach ($id in 'LY197383', 'SP197263', 'SP197691', 'OD197264', 'OD197692') { $html | Should -Match $id }
        }
    }

    Describe 'Names and text from the server (issue 15, point 9)' {
        BeforeAll {
            Connect-DemoTenant -Emulator $script:Emulator | Out-Null
            $script:Published = @((Get-O365ServiceMessage -MessageType Incident) | Where-Object Status -eq 'PostIncidentReviewPublished' | Select-Object -First 2).Id
        }

        It 'never lets two downloads of one call overwrite each other, <Mode>' -ForEach @(@{ Mode = 'without -Force' }, @{ Mode = 'with -Force' }) {
            Add-HostileAnswer '{"path": "/incidentReport", "headers": {"Content-Disposition": "attachment; filename=\"review.pdf\""}}'
            $folder = Join-Path $script:Work "same-name-$([guid]::NewGuid().ToString('N'))"
            $files = @($script:Published | Save-O365ServiceIncidentReport -Path $folder -Force:($Mode -eq 'with -Force'))
            $files.Name | Should -Be @('review.pdf', 'review (2).pdf')
            @(Get-ChildItem $folder).Count | Should -Be 2
        }

        It 'saves <Served> as <Saved>' -ForEach @(
            @{ Served = "filename*=UTF-8''invoice%E2%80%AEfdp.exe"; Saved = 'invoicefdp.exe' }
            @{ Served = "filename*=UTF-8''re%E2%80%8Bport%EF%BB%BF.pdf"; Saved = 'report.pdf' }
            @{ Served = 'filename="CONIN$.pdf"'; Saved = '_CONIN$.pdf' }
            @{ Served = "filename*=UTF-8''COM%C2%B9.pdf"; Saved = "_COM$([char]0xB9).pdf" }
            @{ Served = 'filename="lpt0"'; Saved = '_lpt0' }
        ) {
            Add-HostileAnswer ('{"path": "/incidentReport", "headers": {"Content-Disposition": ' + (ConvertTo-Json "attachment; $Served") + '}}')
            $folder = Join-Path $script:Work "names-$([guid]::NewGuid().ToString('N'))"
            (Save-O365ServiceIncidentReport -Id $script:Published[0] -Path $folder).Name | Should -Be $Saved
        }

        It 'caps a long name at 200 UTF-8 bytes' {
            $long = [uri]::EscapeDataString(([string][char]0x6F22) * 150) + '.pdf'
            Add-HostileAnswer ('{"path": "/incidentReport", "headers": {"Content-Disposition": "attachment; filename*=UTF-8''''' + $long + '"}}')
            $folder = Join-Path $script:Work "long-$([guid]::NewGuid().ToString('N'))"
            $name = (Save-O365ServiceIncidentReport -Id $script:Published[0] -Path $folder).Name
            [Text.Encoding]::UTF8.GetByteCount($name) | Should -BeLessOrEqual 200
            $name | Should -Match '\.pdf$'
        }

        It 'shows escape sequences in a file name as visible characters in -Verbose' {
            Add-HostileAnswer "{""path"": ""/incidentReport"", ""headers"": {""Content-Disposition"": ""attachment; filename*=UTF-8''x%1B%5D0%3Bowned%07%1B%5B2Jy.pdf""}}"
            $folder = Join-Path $script:Work "escape-$([guid]::NewGuid().ToString('N'))"
            $verbose = Save-O365ServiceIncidentReport -Id $script:Published[0] -Path $folder -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            $named = @($verbose | Where-Object { $_ -match 'server named the file' })
            $named.Count | Should -Be 1
            $named[0] | Should -Not -Match $script:ControlCharacters
            $named[0] | Should -Match ([regex]::Escape("x$([char]0x241B)]0;owned$([char]0x2407)$([char]0x241B)[2Jy.pdf"))
        }

        It 'shows escape sequences in a Graph error message as visible characters, and the next id still comes' {
            Add-HostileAnswer ('{"path": "/issues/LY197383", "status": 400, "body": {"error": {"code": "BadRequest", "message": ' + (ConvertTo-Json "Nope $([char]27)]0;owned$([char]7) $([char]27)[2J $([char]0x9B)31m end") + '}}}')
            $errors = $null
            $found = @(Get-O365ServiceMessage -Id LY197383, SP197263 -ErrorVariable errors -ErrorAction SilentlyContinue)
            $found.Id | Should -Be 'SP197263'
            $errors.Count | Should -Be 1
            $shown = $errors[0] | Out-String -Width 500
            $shown | Should -Not -Match $script:ControlCharacters
            $shown | Should -Match ([regex]::Escape("Nope $([char]0x241B)]0;owned$([char]0x2407) $([char]0x241B)[2J"))
        }
    }

    Describe 'Endpoints (issue 15, point 10)' {
        BeforeEach {
            Get-O365ServiceCommsConnection | ForEach-Object { Disconnect-O365ServiceComms -TenantId $_.TenantId }
        }

        It 'refuses -AuthorityHost with a path, which would choose the tenant' {
            $demo = Get-DemoTenant
            $err = $null
            try {
                Connect-O365ServiceComms -TenantId $demo.TenantId -ClientId $demo.ClientId -ClientSecret (ConvertTo-SecureString $demo.ClientSecret -AsPlainText -Force) `
                    -AuthorityHost "$($script:Emulator.BaseUri)/some-tenant" -GraphEndpoint $script:Emulator.BaseUri
            }
            catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
            $err.Exception.Message | Should -Match '/some-tenant'
            @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match 'token' }) | Should -BeNullOrEmpty
        }

        It 'refuses -GraphEndpoint <Endpoint>' -ForEach @(
            @{ Endpoint = 'with a path'; Suffix = '/v1.0'; Prefix = '' }
            @{ Endpoint = 'with a user name'; Suffix = ''; Prefix = 'user:secret@' }
            @{ Endpoint = 'with a query'; Suffix = '/?x=1'; Prefix = '' }
        ) {
            $demo = Get-DemoTenant
            $graph = $script:Emulator.BaseUri -replace '^https://', "https://$Prefix"
            $err = $null
            try {
                Connect-O365ServiceComms -TenantId $demo.TenantId -ClientId $demo.ClientId -ClientSecret (ConvertTo-SecureString $demo.ClientSecret -AsPlainText -Force) `
                    -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint "$graph$Suffix"
            }
            catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
            $err.Exception.Message | Should -Match '-GraphEndpoint must be the Graph host only'
        }

        It 'refuses a token of another tenant than the GUID asked for (SignedInToOtherTenant), naming it' {
            $other = '3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63'
            Set-TokenTenantClaim $other
            $err = $null
            try { Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantId } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'SignedInToOtherTenant,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
            $err.Exception.Message | Should -Match $other
            $err.Exception.Message | Should -Match $script:DemoTenant.TenantId
            Get-O365ServiceCommsConnection | Should -BeNullOrEmpty
            @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.path -match '^/v1\.0/' }) | Should -BeNullOrEmpty
        }

        It 'connects by domain and records the tenant the token names (a domain cannot be compared)' {
            $other = '3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63'
            Set-TokenTenantClaim $other
            $connection = Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantDomain -PassThru
            $connection.TenantGuid | Should -Be ([guid]$other)
        }

        It 'refuses an answer for one id that carries another (ItemIdMismatch), and the other ids still come' {
            Connect-DemoTenant -Emulator $script:Emulator | Out-Null
            Add-HostileAnswer '{"path": "/issues/LY197383", "set": {"id": "SP197263"}}'
            $errors = $null
            $found = @(Get-O365ServiceMessage -Id LY197383, SP197691 -ErrorVariable errors -ErrorAction SilentlyContinue)
            $found.Id | Should -Be 'SP197691'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'ItemIdMismatch,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
            $errors[0].Exception.Message | Should -Match 'LY197383'
            $errors[0].Exception.Message | Should -Match 'SP197263'
        }
    }
}
