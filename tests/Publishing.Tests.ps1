# Publishing: RSS and Atom feeds, the HTML status page, and -StatePath runs that see only what changed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:Work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "o365sc-publishing-$([guid]::NewGuid().ToString('N'))")
    $script:ActiveIds = @('LY197383', 'SP197263', 'SP197691', 'OD197264', 'OD197692')
    $script:Hostile = 'Mail <script>alert("title")</script> & <b>bold</b> ''quoted'''
    $script:Invariant = [Globalization.CultureInfo]::InvariantCulture

    # The emulator changes an item as the service would: a new post or body, a later lastModifiedDateTime.
    function Update-DemoIssue([string] $Id, [hashtable] $Change = @{}) {
        Invoke-EmulatorControl -Emulator $script:Emulator -Path "issues/$Id/touch" -Method Post -Body $Change
    }
    function Update-DemoMessage([string] $Id, [hashtable] $Change = @{}) {
        Invoke-EmulatorControl -Emulator $script:Emulator -Path "messages/$Id/touch" -Method Post -Body $Change
    }
    # Graph requests whose path ends with Path answer 500 (not retried), after Skip of them went through, until cleared.
    function Set-GraphFault([string] $Path, [int] $Skip = 0) {
        Add-EmulatorFault -Emulator $script:Emulator -Fault @{ kind = 'serverError'; path = $Path; after = $Skip; count = 10000 }
    }
    # Not Reset-Emulator: that would also undo the changes made to the demo data.
    function Clear-GraphFault { Invoke-RestMethod -Method Delete -Uri "$($script:Emulator.BaseUri)/_emulator/faults" | Out-Null }
    # Reset-Emulator would also undo the changes above: mark the log instead, and read what came after the mark.
    $script:LogMark = 0
    function Reset-EmulatorLog { $script:LogMark = @(Get-EmulatorRequest $script:Emulator).Count }
    function Get-GraphRequest { @(Get-EmulatorRequest $script:Emulator | Select-Object -Skip $script:LogMark | Where-Object path -like '/v1.0/*') }

    # A real XML parser, with DTDs refused as any feed reader should.
    function ConvertTo-XmlDocument([string] $Xml) {
        $settings = [Xml.XmlReaderSettings]::new()
        $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
        $reader = [Xml.XmlReader]::Create([IO.StringReader]::new($Xml), $settings)
        try { $document = [Xml.XmlDocument]::new(); $document.Load($reader); $document } finally { $reader.Dispose() }
    }
    # The module keeps its HtmlAgilityPack in its own load context; the tests load their own copy from NuGet.
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    Add-Type -Path (Join-Path (Get-NuGetPackagesPath) 'htmlagilitypack/1.13.0/lib/netstandard2.0/HtmlAgilityPack.dll')
    function ConvertTo-HtmlDocument([string] $Html) {
        $document = [HtmlAgilityPack.HtmlDocument]::new()
        $document.LoadHtml($Html)
        $document
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
    Remove-Item $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'ConvertTo-O365ServiceFeed' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:LogMark = 0
        Connect-DemoTenant -Emulator $script:Emulator
        Update-DemoIssue LY197383 @{ title = $script:Hostile; post = '<p>Fixing &lt;it&gt; <i>now</i></p><script>alert("post")</script><img src=x onerror=alert(1)>' } | Out-Null
        $script:Incidents = @(Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage)
        $script:Rss = @($script:Incidents | ConvertTo-O365ServiceFeed -Format Rss)
        $script:Posts = @(Get-O365ServiceMessage -MessageType MessageCenter)
        $script:Atom = @($script:Posts | ConvertTo-O365ServiceFeed -Format Atom -Title 'Contoso Message Center' -Link 'https://intranet.contoso.com/m365')
    }

    It 'writes one XML string to the pipeline' {
        $script:Rss.Count | Should -Be 1
        $script:Rss[0] | Should -BeOfType ([string])
        $script:Rss[0] | Should -Match '^<\?xml version="1.0" encoding="utf-8"\?>'
    }

    It 'writes valid RSS 2.0: channel with title, link and description, one item per active incident' {
        $rss = ConvertTo-XmlDocument $script:Rss[0]
        $rss.DocumentElement.LocalName | Should -Be 'rss'
        $rss.DocumentElement.GetAttribute('version') | Should -Be '2.0'
        $channel = $rss.SelectSingleNode('/rss/channel')
        $channel.SelectSingleNode('title').InnerText | Should -Be 'Microsoft 365 service health (contoso.onmicrosoft.com)'
        $channel.SelectSingleNode('link').InnerText | Should -Be 'https://admin.microsoft.com/Adminportal/Home#/servicehealth'
        $channel.SelectSingleNode('description').InnerText | Should -Not -BeNullOrEmpty
        $items = @($channel.SelectNodes('item'))
        $items.Count | Should -Be 5
        @($items | ForEach-Object { $_.SelectSingleNode('guid').InnerText } | Sort-Object) | Should -Be @($script:ActiveIds | Sort-Object)
        $items | ForEach-Object { $_.SelectSingleNode('guid').GetAttribute('isPermaLink') | Should -Be 'false' }
    }

    It 'dates each RSS item by its last update, in RFC 822 form' {
        $rss = ConvertTo-XmlDocument $script:Rss[0]
        foreach ($incident in $script:Incidents) {
            $item = $rss.SelectSingleNode("/rss/channel/item[guid='$($incident.Id)']")
            $pubDate = $item.SelectSingleNode('pubDate').InnerText
            $pubDate | Should -Match '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (UT|GMT|Z|[+-]\d{4})$'
            $pubDate | Should -BeLike ($incident.LastModifiedDateTime.ToUniversalTime().ToString('ddd, dd MMM yyyy HH:mm:ss', $script:Invariant) + ' *')
        }
    }

    It 'gives each RSS item the title, the service and the latest post, with markup kept as text' {
        $rss = ConvertTo-XmlDocument $script:Rss[0]
        $item = $rss.SelectSingleNode("/rss/channel/item[guid='LY197383']")
        $item.SelectSingleNode('title').InnerText | Should -BeExactly $script:Hostile
        $item.SelectSingleNode('category').InnerText | Should -Be 'Skype for Business'
        # A reader renders the description as HTML: parsed as such it holds the post's text and no element but line breaks.
        $description = ConvertTo-HtmlDocument $item.SelectSingleNode('description').InnerText
        @($description.DocumentNode.Descendants() | Where-Object { $_.NodeType -eq 'Element' } | ForEach-Object Name | Sort-Object -Unique) | Should -Be @('br')
        [Net.WebUtility]::HtmlDecode($description.DocumentNode.InnerText) | Should -Match 'Service: Skype for Business\s+Status: ServiceDegradation'
        [Net.WebUtility]::HtmlDecode($description.DocumentNode.InnerText) | Should -Match 'Fixing <it> now$'
    }

    It 'writes valid Atom 1.0: namespace, id, title, updated, author, and one entry per post' {
        $atom = ConvertTo-XmlDocument $script:Atom[0]
        $ns = [Xml.XmlNamespaceManager]::new($atom.NameTable)
        $ns.AddNamespace('a', 'http://www.w3.org/2005/Atom')
        $atom.DocumentElement.LocalName | Should -Be 'feed'
        $atom.DocumentElement.NamespaceURI | Should -Be 'http://www.w3.org/2005/Atom'
        $atom.SelectSingleNode('/a:feed/a:title', $ns).InnerText | Should -Be 'Contoso Message Center'
        $atom.SelectSingleNode('/a:feed/a:link[@rel="alternate"]', $ns).GetAttribute('href') | Should -Be 'https://intranet.contoso.com/m365'
        [uri]::IsWellFormedUriString($atom.SelectSingleNode('/a:feed/a:id', $ns).InnerText, 'Absolute') | Should -BeTrue
        $atom.SelectSingleNode('/a:feed/a:author/a:name', $ns).InnerText | Should -Not -BeNullOrEmpty
        $entries = @($atom.SelectNodes('/a:feed/a:entry', $ns))
        $entries.Count | Should -Be 141
        $newest = ($script:Posts | Sort-Object LastModifiedDateTime -Descending | Select-Object -First 1).LastModifiedDateTime.ToUniversalTime()
        [DateTimeOffset]::Parse($atom.SelectSingleNode('/a:feed/a:updated', $ns).InnerText, $script:Invariant).UtcDateTime |
            Should -Be ([datetime]::new($newest.Ticks - $newest.Ticks % [TimeSpan]::TicksPerSecond, 'Utc'))
    }

    It 'gives each Atom entry the message id, its last update in RFC 3339 form, and the body as text' {
        $atom = ConvertTo-XmlDocument $script:Atom[0]
        $ns = [Xml.XmlNamespaceManager]::new($atom.NameTable)
        $ns.AddNamespace('a', 'http://www.w3.org/2005/Atom')
        $post = $script:Posts | Where-Object Id -eq 'MC172851'
        $entry = $atom.SelectSingleNode("/a:feed/a:entry[a:id='urn:o365servicecomms:message:MC172851']", $ns)
        $entry | Should -Not -BeNullOrEmpty
        $entry.SelectSingleNode('a:title', $ns).InnerText | Should -Be $post.Title
        $updated = $entry.SelectSingleNode('a:updated', $ns).InnerText
        $updated | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$'
        $updated | Should -Be $post.LastModifiedDateTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $script:Invariant)
        $content = $entry.SelectSingleNode('a:content', $ns)
        $content.GetAttribute('type') | Should -Be 'text'
        $content.InnerText.Contains(($post.Body -split "`r?`n")[0]) | Should -BeTrue
        @($entry.SelectNodes('a:category', $ns) | ForEach-Object { $_.GetAttribute('term') }) | Should -Be $post.Services
        # Every id is unique, as Atom requires.
        @($atom.SelectNodes('/a:feed/a:entry/a:id', $ns) | ForEach-Object InnerText | Sort-Object -Unique).Count | Should -Be 141
    }

    It 'writes the feed to a UTF-8 file with -Path and returns the file' {
        $path = Join-Path $script:Work 'health.xml'
        $file = Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage | ConvertTo-O365ServiceFeed -Format Rss -Path $path
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $path
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[0] | Should -Be ([byte][char]'<') -Because 'the file has no byte order mark'
        $text = [Text.UTF8Encoding]::new($false, $true).GetString($bytes)
        @((ConvertTo-XmlDocument $text).SelectNodes('/rss/channel/item')).Count | Should -Be 5
        @(Get-ChildItem $script:Work -Force -Filter '*.tmp') | Should -BeNullOrEmpty
    }

    It 'resolves a relative -Path against the current location, and returns the file as Get-Item would' {
        Push-Location $script:Work
        try { $file = $script:Incidents | ConvertTo-O365ServiceFeed -Format Atom -Path 'relative.atom' }
        finally { Pop-Location }
        $file.FullName | Should -Be (Join-Path $script:Work 'relative.atom')
        $file.PSPath | Should -BeLike '*FileSystem::*relative.atom'
        ($file | Format-Table | Out-String) | Should -Match "\b$($file.Length)\b.*relative\.atom"
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $script:Work 'whatif.xml'
        $script:Incidents | ConvertTo-O365ServiceFeed -Format Atom -Path $path -WhatIf | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
    }

    It 'makes one item of a message piped twice, keeping its latest version' {
        $older = Get-O365ServiceMessage -Id SP197263
        Update-DemoIssue SP197263 @{ post = '<p>Newest words</p>' } | Out-Null
        $newer = Get-O365ServiceMessage -Id SP197263
        $rss = ConvertTo-XmlDocument (@($newer, $older) | ConvertTo-O365ServiceFeed -Format Rss)
        $items = @($rss.SelectNodes('/rss/channel/item'))
        $items.Count | Should -Be 1
        $items[0].SelectSingleNode('description').InnerText | Should -Match 'Newest words'
    }

    It 'refuses a -Link that is not http or https' {
        $err = $null
        try { $script:Incidents | ConvertTo-O365ServiceFeed -Format Rss -Link 'file:///etc/passwd' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,O365ServiceComms.Cmdlets.ConvertToO365ServiceFeedCommand'
    }

    It 'says clearly when the folder of -Path does not exist' {
        $err = $null
        try { $script:Incidents | ConvertTo-O365ServiceFeed -Format Rss -Path (Join-Path $script:Work 'missing/feed.xml') } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'FileWriteFailed,O365ServiceComms.Cmdlets.ConvertToO365ServiceFeedCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'WriteError'
        $err.Exception.Message | Should -Match 'does not exist'
    }
}

Describe 'Export-O365ServiceHealthReport' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:LogMark = 0
        Connect-DemoTenant -Emulator $script:Emulator
        Update-DemoIssue LY197383 @{ title = $script:Hostile; post = '<p>Fixing &lt;it&gt;</p><script>alert("post")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">link</a>' } | Out-Null
        $script:ActionBy = (Get-Date).ToUniversalTime().Date.AddDays(5)
        Update-DemoMessage MC172851 @{ title = 'Plan <img src=x onerror=alert(3)>'; actionRequiredByDateTime = $script:ActionBy.ToString('o') } | Out-Null
        Reset-EmulatorLog
        $script:ReportPath = Join-Path $script:Work 'status.html'
        $script:ReportFile = Export-O365ServiceHealthReport -Path $script:ReportPath
        $script:ReportRequests = Get-GraphRequest
        $script:Html = Get-Content $script:ReportPath -Raw
        $script:Page = ConvertTo-HtmlDocument $script:Html
        $script:Chromium = @('/usr/bin/chromium', '/usr/bin/chromium-browser') | Where-Object { Test-Path $_ } | Select-Object -First 1
    }

    It 'returns the file it wrote' {
        $script:ReportFile | Should -BeOfType ([IO.FileInfo])
        $script:ReportFile.FullName | Should -Be $script:ReportPath
        $script:ReportFile.Length | Should -BeGreaterThan 1000
    }

    It 'reads the status (with its active incidents) and the recent Message Center posts in two requests' {
        $script:ReportRequests.Count | Should -Be 2
        # The two reads go side by side: either may reach the emulator first.
        $requests = @($script:ReportRequests | Sort-Object path)
        $requests[0].path | Should -Be '/v1.0/admin/serviceAnnouncement/healthOverviews'
        $requests[0].query | Should -Be '$expand=issues'
        $requests[1].path | Should -Be '/v1.0/admin/serviceAnnouncement/messages'
        [uri]::UnescapeDataString($requests[1].query) | Should -Match '^\$filter=lastModifiedDateTime ge \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$'
    }

    It 'shows every service with a colour for its status' {
        $services = @($script:Page.DocumentNode.SelectNodes("//section[@id='services']//li[contains(@class,'service')]"))
        $services.Count | Should -Be 27
        $warn = @($services | Where-Object { $_.GetAttributeValue('class', '') -match '\bst-warn\b' } |
            ForEach-Object { $_.SelectSingleNode(".//span[@class='sid']").InnerText } | Sort-Object)
        $warn | Should -Be @('Lync', 'OneDriveForBusiness', 'SharePoint')
        @($services | Where-Object { $_.GetAttributeValue('class', '') -match '\bst-ok\b' }).Count | Should -Be 24
        $script:Html | Should -Match '\.st-warn \{ border-left-color: var\(--warn\)'
    }

    It 'shows the active incidents with their latest update' {
        $articles = @($script:Page.DocumentNode.SelectNodes("//section[@id='incidents']/article"))
        @($articles | ForEach-Object { $_.GetAttributeValue('id', '') } | Sort-Object) | Should -Be @($script:ActiveIds | Sort-Object | ForEach-Object { "incident-$_" })
        $sp = $articles | Where-Object { $_.GetAttributeValue('id', '') -eq 'incident-SP197263' }
        $latest = (Get-O365ServiceMessage -Id SP197263).Messages[-1].MessageText
        [Net.WebUtility]::HtmlDecode($sp.SelectSingleNode(".//div[@class='post']/p").InnerText) | Should -Be ($latest -replace "`r`n", "`n")
    }

    It 'lists the Message Center posts of the last 30 days with their action-required date' {
        $rows = @($script:Page.DocumentNode.SelectNodes("//section[@id='message-center']//tbody/tr"))
        $rows.Count | Should -Be 1 -Because 'only the post changed today falls within the default 30 days'
        $rows[0].SelectSingleNode('td').InnerText | Should -Be 'MC172851'
        $due = $rows[0].SelectSingleNode(".//td[contains(@class,'due-')]/time")
        $due.InnerText | Should -Be $script:ActionBy.ToString('yyyy-MM-dd', $script:Invariant)
        $due.ParentNode.GetAttributeValue('class', '') | Should -Be 'due-soon'
    }

    It 'keeps hostile text from Graph as text: no script, image, handler or javascript link' {
        $script:Page.DocumentNode.SelectNodes('//script|//img|//iframe|//object|//embed') | Should -BeNullOrEmpty
        $attributes = @($script:Page.DocumentNode.Descendants() | ForEach-Object { $_.Attributes })
        $attributes.Count | Should -BeGreaterThan 100
        $attributes | Where-Object Name -like 'on*' | Should -BeNullOrEmpty
        $script:Html | Should -Not -Match '<script|<img|javascript:alert\(2\)"'
        $title = $script:Page.DocumentNode.SelectSingleNode("//article[@id='incident-LY197383']/h3")
        [Net.WebUtility]::HtmlDecode($title.InnerText) | Should -BeExactly "LY197383 $($script:Hostile)"
        $post = $script:Page.DocumentNode.SelectSingleNode("//article[@id='incident-LY197383']//div[@class='post']/p")
        [Net.WebUtility]::HtmlDecode($post.InnerText) | Should -BeExactly "Fixing <it>`nlink"
        [Net.WebUtility]::HtmlDecode($script:Page.DocumentNode.SelectSingleNode('//summary').InnerText) | Should -BeExactly 'Plan <img src=x onerror=alert(3)>'
    }

    It 'is self-contained: inline style, no script, no file from anywhere else' {
        $script:Page.DocumentNode.SelectNodes('//link|//script') | Should -BeNullOrEmpty
        $attributes = @($script:Page.DocumentNode.Descendants() | ForEach-Object { $_.Attributes })
        $attributes | Where-Object Name -in 'src', 'srcset', 'action', 'formaction', 'background', 'poster' | Should -BeNullOrEmpty
        @($script:Page.DocumentNode.SelectNodes('//style')).Count | Should -Be 1
        $script:Page.DocumentNode.SelectSingleNode('//style').InnerText | Should -Not -Match 'url\(|@import'
        $script:Page.DocumentNode.SelectSingleNode("//meta[@http-equiv='Content-Security-Policy']").GetAttributeValue('content', '') | ForEach-Object { [Net.WebUtility]::HtmlDecode($_) } | Should -Match "default-src 'none'"
        $links = @($script:Page.DocumentNode.SelectNodes('//a') | ForEach-Object { $_.GetAttributeValue('href', '') })
        $links.Count | Should -BeGreaterThan 5
        $links | ForEach-Object { $_ | Should -Match '^(#incident-[A-Za-z0-9]+|https://admin\.microsoft\.com/)' }
        $script:Page.ParseErrors | Should -BeNullOrEmpty
    }

    It 'renders in headless Chromium to a PNG' {
        if (-not $script:Chromium) {
            Set-ItResult -Skipped -Because 'Chromium is not installed (/usr/bin/chromium); the page was checked by parsing only'
            return
        }
        $png = Join-Path $script:Work 'status.png'
        $profileFolder = New-Item -ItemType Directory -Path (Join-Path $script:Work "chromium-$([guid]::NewGuid().ToString('N'))")
        $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', "--user-data-dir=$($profileFolder.FullName)", '--window-size=1280,2000',
            "--screenshot=$png", [uri]::new($script:ReportPath, [UriKind]::Absolute).AbsoluteUri)
        # Chromium is started with stdin closed and both outputs drained, so that it cannot wait on either.
        $start = [Diagnostics.ProcessStartInfo]::new($script:Chromium)
        foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $chromium = [Diagnostics.Process]::Start($start)
        try {
            $chromium.StandardInput.Close()
            $stdout = $chromium.StandardOutput.ReadToEndAsync()
            $stderr = $chromium.StandardError.ReadToEndAsync()
            if (-not $chromium.WaitForExit(90000)) { $chromium.Kill($true); throw 'Chromium did not finish within 90 s.' }
            $chromium.WaitForExit()
        }
        finally { $chromium.Dispose() }
        $stderr.Result | Should -Match 'bytes written to file' -Because "Chromium said: $($stderr.Result -split "`n" | Select-Object -Last 3)"
        Test-Path $png | Should -BeTrue
        $bytes = [IO.File]::ReadAllBytes($png)
        [BitConverter]::ToString($bytes, 0, 8) | Should -Be '89-50-4E-47-0D-0A-1A-0A' -Because 'it is a PNG'
        # Width and height from the IHDR chunk (big-endian).
        $width = ([int]$bytes[16] -shl 24) -bor ([int]$bytes[17] -shl 16) -bor ([int]$bytes[18] -shl 8) -bor [int]$bytes[19]
        $width | Should -Be 1280
        $bytes.Length | Should -BeGreaterThan 40000 -Because 'a blank page compresses to a few kilobytes; this one has text and colours'
    }

    It 'still writes the page, saying why, when the Message Center cannot be read' {
        Set-GraphFault -Path '/messages'
        try {
            $path = Join-Path $script:Work 'no-mc.html'
            $errors = @()
            $file = Export-O365ServiceHealthReport -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        }
        finally { Clear-GraphFault }
        $file | Should -BeOfType ([IO.FileInfo])
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'GraphRequestFailed,O365ServiceComms.Cmdlets.ExportO365ServiceHealthReportCommand'
        $page = ConvertTo-HtmlDocument (Get-Content $path -Raw)
        $page.DocumentNode.SelectSingleNode("//section[@id='message-center']/p[@class='problem']").InnerText | Should -Match '500'
        @($page.DocumentNode.SelectNodes("//section[@id='services']//li")).Count | Should -Be 27
    }

    It 'writes no file when the status cannot be read' {
        Set-GraphFault -Path '/healthOverviews'
        try {
            $path = Join-Path $script:Work 'no-status.html'
            $err = $null
            try { Export-O365ServiceHealthReport -Path $path } catch { $err = $_ }
        }
        finally { Clear-GraphFault }
        $err.FullyQualifiedErrorId | Should -Be 'GraphRequestFailed,O365ServiceComms.Cmdlets.ExportO365ServiceHealthReportCommand'
        Test-Path $path | Should -BeFalse
    }

    It 'replaces an existing page whole, and writes nothing with -WhatIf' {
        Set-Content -Path $script:ReportPath -Value 'old page'
        Reset-EmulatorLog
        Export-O365ServiceHealthReport -Path $script:ReportPath -WhatIf | Should -BeNullOrEmpty
        Get-Content $script:ReportPath -Raw | Should -Match '^old page'
        Get-GraphRequest | Should -BeNullOrEmpty -Because '-WhatIf sends no request'
        Export-O365ServiceHealthReport -Path $script:ReportPath -Days 3650 -Title 'Contoso IT: Microsoft 365' | Out-Null
        $page = ConvertTo-HtmlDocument (Get-Content $script:ReportPath -Raw)
        $page.DocumentNode.SelectSingleNode('//h1').InnerText | Should -Be 'Contoso IT: Microsoft 365'
        @($page.DocumentNode.SelectNodes("//section[@id='message-center']//tbody/tr")).Count | Should -Be 141
    }
}

Describe 'Get-O365ServiceMessage -StatePath' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
        $script:LogMark = 0
        Connect-DemoTenant -Emulator $script:Emulator
        $script:StatePath = Join-Path $script:Work "state-$([guid]::NewGuid().ToString('N')).json"
    }

    It 'returns everything on the first run and nothing on the second, asking with a time filter' {
        $first = @(Get-O365ServiceMessage -StatePath $script:StatePath)
        $first.Count | Should -Be 196
        Test-Path $script:StatePath | Should -BeTrue

        Reset-EmulatorLog
        $second = @(Get-O365ServiceMessage -StatePath $script:StatePath)
        $second.Count | Should -Be 0
        $lists = Get-GraphRequest | Where-Object path -match '/(issues|messages)$'
        $lists.Count | Should -Be 2
        foreach ($request in $lists) {
            [uri]::UnescapeDataString($request.query) | Should -Match '^\$filter=lastModifiedDateTime ge \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$'
        }
        # Each list's filter starts an hour before the newest item seen in that list. The two lists are read side by
        # side, so either request may come first in the log.
        foreach ($request in $lists) {
            $kind = if ($request.path -match '/issues$') { 'Incident' } else { 'MessageCenter' }
            $newest = ($first | Where-Object MessageType -eq $kind | Sort-Object LastModifiedDateTime -Descending | Select-Object -First 1).LastModifiedDateTime.ToUniversalTime()
            $since = [datetime]::Parse(([uri]::UnescapeDataString($request.query) -replace '^.* ge '), $script:Invariant, 'AdjustToUniversal,AssumeUniversal')
            ($newest - $since).TotalMinutes | Should -BeGreaterOrEqual 60 -Because $kind
            ($newest - $since).TotalMinutes | Should -BeLessThan 61 -Because $kind
        }
    }

    It 'returns a changed incident alone, with its new post, and then nothing again' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        Update-DemoIssue SP197263 @{ post = '<p>Rollback complete in Asia Pacific.</p>' } | Out-Null

        $changed = @(Get-O365ServiceMessage -StatePath $script:StatePath)
        $changed.Count | Should -Be 1
        $changed[0].Id | Should -Be 'SP197263'
        $changed[0].Messages[-1].MessageText | Should -Be 'Rollback complete in Asia Pacific.'
        @(Get-O365ServiceMessage -StatePath $script:StatePath).Count | Should -Be 0
    }

    It 'returns a changed Message Center post as well, and only the lists asked for' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        Update-DemoIssue LY197383 | Out-Null
        Update-DemoMessage MC172851 @{ body = '<p>Updated: the change moves to March.</p>' } | Out-Null

        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter -StatePath $script:StatePath)
        $posts.Id | Should -Be 'MC172851'
        $posts[0].Body | Should -Be 'Updated: the change moves to March.'
        # The incident list was not read, so its change is still to come.
        (@(Get-O365ServiceMessage -StatePath $script:StatePath)).Id | Should -Be 'LY197383'
    }

    It 'does not advance the state when the run fails, and returns the change on the next run' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        $before = Get-FileHash $script:StatePath
        Update-DemoIssue SP197263 | Out-Null

        Set-GraphFault -Path '/issues'
        try {
            $errors = @()
            $failed = @(Get-O365ServiceMessage -StatePath $script:StatePath -ErrorVariable errors -ErrorAction SilentlyContinue)
        }
        finally { Clear-GraphFault }
        $failed.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'GraphRequestFailed,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        (Get-FileHash $script:StatePath).Hash | Should -Be $before.Hash

        (@(Get-O365ServiceMessage -StatePath $script:StatePath)).Id | Should -Be 'SP197263'
    }

    It 'skips nothing when a list fails after some of its items were returned' {
        Set-EmulatorSetting -Emulator $script:Emulator -Settings @{ maxPageSize = 10 }
        Set-GraphFault -Path '/issues' -Skip 1
        try {
            $errors = @()
            $partial = @(Get-O365ServiceMessage -StatePath $script:StatePath -ErrorVariable errors -ErrorAction SilentlyContinue)
        }
        finally { Clear-GraphFault }
        @($partial | Where-Object MessageType -eq Incident).Count | Should -Be 10
        @($partial | Where-Object MessageType -eq MessageCenter).Count | Should -Be 141
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'IncompleteResult,*'

        # The Message Center list was read to its end and is remembered; the incident list starts again from the top.
        $next = @(Get-O365ServiceMessage -StatePath $script:StatePath)
        @($next | Where-Object MessageType -eq Incident).Count | Should -Be 55
        @($next | Where-Object MessageType -eq MessageCenter).Count | Should -Be 0
    }

    It 'leaves the state as it was when the pipeline stops early' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        $before = Get-FileHash $script:StatePath
        Update-DemoIssue OD197264 | Out-Null
        Update-DemoIssue OD197692 | Out-Null

        @(Get-O365ServiceMessage -StatePath $script:StatePath | Select-Object -First 1).Count | Should -Be 1
        (Get-FileHash $script:StatePath).Hash | Should -Be $before.Hash
        @(Get-O365ServiceMessage -StatePath $script:StatePath).Id | Sort-Object | Should -Be @('OD197264', 'OD197692')
    }

    It 'saves nothing when handling an item downstream fails, so the item comes again' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        $before = Get-FileHash $script:StatePath
        Update-DemoIssue LY197383 | Out-Null

        { Get-O365ServiceMessage -StatePath $script:StatePath | ForEach-Object { throw "Teams refused $($_.Id)" } } |
            Should -Throw '*Teams refused LY197383*'
        (Get-FileHash $script:StatePath).Hash | Should -Be $before.Hash
        (@(Get-O365ServiceMessage -StatePath $script:StatePath)).Id | Should -Be 'LY197383'
    }

    It 'writes the state atomically and leaves no temporary file' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        Update-DemoIssue LY197383 | Out-Null
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        @(Get-ChildItem $script:Work -Force -Filter '*.tmp') | Should -BeNullOrEmpty
        $state = Get-Content $script:StatePath -Raw | ConvertFrom-Json -AsHashtable
        $state.version | Should -Be 2
        # Keyed by the tenant's id, so connecting by id or by domain shares the state.
        $state.tenants[$script:DemoTenant.TenantId].issues.items.Keys | Should -Contain 'LY197383'
        # The start of the read is kept only when an item is dated after it (see tests/DataSafety.Tests.ps1).
        $state.tenants[$script:DemoTenant.TenantId].issues.Keys | Should -Be @('items')
    }

    It 'keeps tenants apart in one file, by tenant id whichever name connected' {
        Get-O365ServiceMessage -StatePath $script:StatePath | Out-Null
        # The same tenant connected by its id shares the state; Fabrikam, another tenant, starts from nothing.
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantId
        @(Get-O365ServiceMessage -StatePath $script:StatePath -TenantId $script:DemoTenant.TenantId).Count | Should -Be 0
        Connect-DemoTenant -Emulator $script:Emulator -TenantId 'fabrikam.onmicrosoft.com' -ClientId '9d1c3a55-0f7e-4c2b-8a61-2b7d4e9f3c08' -ClientSecret 'Fabrikam~Secret~5550123'
        @(Get-O365ServiceMessage -StatePath $script:StatePath -TenantId 'fabrikam.onmicrosoft.com').Count | Should -Be 6
        @(Get-O365ServiceMessage -StatePath $script:StatePath -TenantId 'fabrikam.onmicrosoft.com').Count | Should -Be 0
        (Get-Content $script:StatePath -Raw | ConvertFrom-Json -AsHashtable).tenants.Keys | Sort-Object |
            Should -Be @('3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63', $script:DemoTenant.TenantId)
        Disconnect-O365ServiceComms -TenantId 'fabrikam.onmicrosoft.com'
    }

    It 'reports a file that is not a state file (StateFileUntrusted), keeps it aside and rebuilds the state' {
        Set-Content -Path $script:StatePath -Value '{"some": "other json"}'
        Reset-EmulatorLog
        $warnings = $null
        $all = @(Get-O365ServiceMessage -StatePath $script:StatePath -WarningVariable warnings -WarningAction SilentlyContinue)
        $all.Count | Should -Be 196
        "$warnings" | Should -Match '^StateFileUntrusted: '
        "$warnings" | Should -Match ([regex]::Escape($script:StatePath))
        Get-Content "$($script:StatePath).untrusted" -Raw | Should -Match '"some"'
        (Get-Content $script:StatePath -Raw | ConvertFrom-Json).version | Should -Be 2
        @(Get-O365ServiceMessage -StatePath $script:StatePath -WarningVariable warnings).Count | Should -Be 0
        $warnings | Should -BeNullOrEmpty
    }

    It 'is only for reading whole lists' {
        { Get-O365ServiceMessage -Id LY197383 -StatePath $script:StatePath } | Should -Throw -ErrorId 'AmbiguousParameterSet,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
    }
}
