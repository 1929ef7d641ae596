# ConvertTo-O365ServiceFeed as an admin first types it: no -Format, status objects piped in, a subtitle that reads.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator
    $script:ActiveIds = @('LY197383', 'SP197263', 'SP197691', 'OD197264', 'OD197692')
    $script:Atom = @{ a = 'http://www.w3.org/2005/Atom' }

    function ConvertTo-XmlDocument([string] $Xml) {
        $settings = [Xml.XmlReaderSettings]::new()
        $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
        $reader = [Xml.XmlReader]::Create([IO.StringReader]::new($Xml), $settings)
        try { $document = [Xml.XmlDocument]::new(); $document.Load($reader); $document } finally { $reader.Dispose() }
    }
    function Get-GraphRequestCount { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '/v1.0/*').Count }
}

AfterAll {
    Disconnect-O365ServiceComms
    Stop-Emulator $script:Emulator
}

Describe 'ConvertTo-O365ServiceFeed' {
    It 'writes RSS when -Format is not given, without asking for it' {
        (Get-Command ConvertTo-O365ServiceFeed).Parameters['Format'].Attributes.Where({ $_ -is [Management.Automation.ParameterAttribute] }).Mandatory |
            Should -Be $false
        # This PowerShell runs -NonInteractive: a mandatory -Format would stop the command here instead of prompting.
        $xml = Get-O365ServiceMessage -Id LY197383 | ConvertTo-O365ServiceFeed
        $rss = ConvertTo-XmlDocument $xml
        $rss.DocumentElement.LocalName | Should -Be 'rss'
        $rss.rss.channel.item.guid.'#text' | Should -Be 'LY197383'
    }

    It 'still takes the format by position: Atom' {
        $xml = Get-O365ServiceMessage -Id LY197383 | ConvertTo-O365ServiceFeed Atom
        (ConvertTo-XmlDocument $xml).DocumentElement.NamespaceURI | Should -Be 'http://www.w3.org/2005/Atom'
    }

    It 'makes a feed of the active incidents of piped status objects, with no further request and no error' {
        $status = @(Get-O365ServiceStatus)
        $status.Count | Should -Be 27
        $before = Get-GraphRequestCount
        $errors = @()
        $xml = $status | ConvertTo-O365ServiceFeed -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        Get-GraphRequestCount | Should -Be $before -Because 'the status objects carry their active incidents'

        $channel = (ConvertTo-XmlDocument $xml).rss.channel
        @($channel.item | ForEach-Object { $_.guid.'#text' } | Sort-Object) | Should -Be @($script:ActiveIds | Sort-Object)
        $channel.title | Should -BeLike 'Microsoft 365 service health (*)'
        $channel.description | Should -BeLike '5 service health issues of tenant *'
        # The same items as the old workflow's Where-Object IncidentIds | Get-O365ServiceMessage gives.
        $expected = ConvertTo-XmlDocument ($status | Where-Object IncidentIds | Get-O365ServiceMessage | ConvertTo-O365ServiceFeed)
        @($channel.item.title) | Should -Be @($expected.rss.channel.item.title)
    }

    It 'takes status objects and messages in one pipeline, as items of one feed' {
        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter | Select-Object -First 2)
        $xml = @(@(Get-O365ServiceStatus) + $posts) | ConvertTo-O365ServiceFeed -Format Atom
        $ids = @(Select-Xml -Content $xml -XPath '//a:entry/a:id' -Namespace $script:Atom | ForEach-Object { $_.Node.InnerText -replace '^urn:o365servicecomms:message:', '' })
        @($ids | Sort-Object) | Should -Be @(@($script:ActiveIds) + @($posts.Id) | Sort-Object)
    }

    It 'reports input of another type once per type, and still writes the feed of the rest' {
        $errors = @()
        $xml = @('LY197383', 'SP197263', [pscustomobject]@{ Id = 'EX1' }) + @(Get-O365ServiceStatus -Service Lync) |
            ConvertTo-O365ServiceFeed -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,O365ServiceComms.Cmdlets.ConvertToO365ServiceFeedCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $errors[0].Exception.Message | Should -BeLike 'ConvertTo-O365ServiceFeed skipped 2 input object(s) of type System.String. It takes incidents and Message Center posts (Get-O365ServiceMessage) and service status objects (Get-O365ServiceStatus*'
        $errors[1].Exception.Message | Should -BeLike '*skipped 1 input object(s) of type System.Management.Automation.PSCustomObject.*'
        (ConvertTo-XmlDocument $xml).rss.channel.item.guid.'#text' | Should -Be 'LY197383'
    }
}

Describe 'The Atom subtitle' {
    It 'reads "<Expected>" for <Incidents> incident(s) and <Posts> post(s)' -ForEach @(
        @{ Incidents = 0; Posts = 141; Expected = '141 Message Center posts of tenant contoso.onmicrosoft.com, from the Microsoft Graph service communications API.' }
        @{ Incidents = 1; Posts = 3; Expected = '1 service health issue and 3 Message Center posts of tenant contoso.onmicrosoft.com, from the Microsoft Graph service communications API.' }
        @{ Incidents = 5; Posts = 1; Expected = '5 service health issues and 1 Message Center post of tenant contoso.onmicrosoft.com, from the Microsoft Graph service communications API.' }
        @{ Incidents = 0; Posts = 0; Expected = 'No service health issues or Message Center posts, from the Microsoft Graph service communications API.' }
    ) {
        $messages = @(Get-O365ServiceMessage -Active | Select-Object -First $Incidents) + @(Get-O365ServiceMessage -MessageType MessageCenter | Select-Object -First $Posts)
        $messages.Count | Should -Be ($Incidents + $Posts)
        $xml = ConvertTo-O365ServiceFeed -InputObject $messages -Format Atom
        (Select-Xml -Content $xml -XPath '/a:feed/a:subtitle' -Namespace $script:Atom).Node.InnerText | Should -BeExactly $Expected
    }
}
