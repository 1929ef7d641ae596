# Daily use (issue 13): views at 80 and 120 columns, rows of several tenants, loud filter typos, -TenantId completion,
# a careful Disconnect, Connect's warnings and errors, Set -PassThru, Get-Help -Online.
BeforeDiscovery {
    Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'out/O365ServiceComms') -Force
    $script:Cmdlets = @(Get-Command -Module O365ServiceComms -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:Fabrikam = Get-FabrikamTenant
    $script:Endpoints = @{ AuthorityHost = $script:Emulator.BaseUri; GraphEndpoint = $script:Emulator.BaseUri }

    function Connect-Fabrikam {
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:Fabrikam.TenantDomain -ClientId $script:Fabrikam.ClientId -ClientSecret $script:Fabrikam.ClientSecret
    }

    function Get-Lines([string] $Text) { @($Text -split '\r?\n' | Where-Object { $_.Trim() }) }

    function New-DelegatedToken([string[]] $Scopes) {
        $body = @{}
        if ($Scopes) { $body.scopes = $Scopes }
        (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/delegated' -Method Post -Body $body).access_token
    }

    function Get-GraphRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '/v1.0/*') }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Default views at 80 and 120 columns' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
        $script:Status = @(Get-O365ServiceStatus)
        $script:Messages = @(Get-O365ServiceMessage -Id LY197383, MC172851)
    }

    It 'shows the message Title as the flexible last column at <Width> columns, with no line wider than that' -ForEach @(
        @{ Width = 80; Title = "Can't send messages or" }
        @{ Width = 120; Title = "Can't send messages or make calls to specific federated users" }
    ) {
        $text = $script:Messages | Out-String -Width $Width
        $lines = Get-Lines $text
        $lines[0] | Should -Match '^Id\s+Status/Severity\s+Service\s+LastUpdated\s+Title$'
        $lines | Where-Object { $_ -match '^LY197383' } | Should -Match ([regex]::Escape($Title))
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width }
    }

    It 'shows the active incident ids whole at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = $script:Status | Out-String -Width $Width
        $lines = Get-Lines $text
        $lines[0] | Should -Match '^Id\s+Status\s+IncidentIds$'
        $lines | Where-Object { $_ -match '^SharePoint\s' } | Should -Match 'ServiceDegradation\s+SP197263, SP197691$'
        $lines | Where-Object { $_ -match '^Lync\s' } | Should -Match 'LY197383$'
        $text | Should -Not -Match '…' -Because 'neither ids nor incident ids are cut'
    }

    It 'reaches the service display names with Format-Table -View Service and Format-List at 80 columns' {
        $text = $script:Status | Format-Table -View Service | Out-String -Width 80
        (Get-Lines $text)[0] | Should -Match '^Service\s+Status\s+IncidentIds$'
        $text | Should -Match '(?m)^SharePoint Online\s+ServiceDegradation\s+SP197263, SP197691'
        $text | Should -Match '(?m)^Microsoft 365 suite\s+ServiceOperational'
        ($script:Status | Where-Object Id -eq OSDPPlatform | Format-List | Out-String -Width 80) | Should -Match 'Service\s+: Microsoft 365 suite'
    }

    It 'shows connections readably at <Width> columns, the default one marked' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        Connect-Fabrikam
        try {
            $text = Get-O365ServiceCommsConnection | Out-String -Width $Width
            $lines = Get-Lines $text
            $lines[0] | Should -Match '^Default\s+TenantId\s+AuthType\s+TokenExpiresOn$'
            # No header or value broken into one letter a line.
            $lines | Where-Object { $_.Trim().Length -le 2 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match 'contoso' } | Should -Match '^\s+contoso\.onmicrosoft\.com\s+ClientSecret\s+\d{4}-\d\d-\d\d \d\d:\d\d$'
            $lines | Where-Object { $_ -match 'fabrikam' } | Should -Match '^Yes\s+fabrikam\.onmicrosoft\.com\s+ClientSecret\s+\d{4}-\d\d-\d\d \d\d:\d\d$'
        }
        finally {
            Disconnect-O365ServiceComms -TenantId $script:Fabrikam.TenantDomain
        }
    }

    It 'keeps IsDefault true for the latest connection only, as connections come and go' {
        $contoso = Get-O365ServiceCommsConnection
        $contoso.IsDefault | Should -BeTrue
        Connect-Fabrikam
        $fabrikam = Get-O365ServiceCommsConnection -TenantId $script:Fabrikam.TenantDomain
        $fabrikam.IsDefault | Should -BeTrue
        $contoso.IsDefault | Should -BeFalse
        Disconnect-O365ServiceComms -TenantId $script:Fabrikam.TenantDomain
        $fabrikam.IsDefault | Should -BeFalse
        $contoso.IsDefault | Should -BeTrue
        (Get-O365ServiceCommsConnection | Format-List | Out-String) | Should -Match 'IsDefault\s+: True'
    }
}

Describe 'Rows of several tenants say which tenant they are from' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
    }

    AfterAll {
        Disconnect-O365ServiceComms -Force
    }

    It 'status rows of -TenantId * get a TenantId column at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = Get-O365ServiceStatus -TenantId * | Out-String -Width $Width
        $lines = Get-Lines $text
        $lines[0] | Should -Match '^TenantId\s+Id\s+Status\s+IncidentIds$'
        @($lines | Where-Object { $_ -match '^contoso\.onmicrosof' }).Count | Should -Be 27
        @($lines | Where-Object { $_ -match '^fabrikam\.onmicroso' }).Count | Should -BeGreaterThan 0
        $lines | Where-Object { $_ -match '^contoso\S*\s+SharePoint\s' } | Should -Match 'SP197263, SP197691$'
    }

    It 'message rows of two named tenants, and incidents piped on from their status, get a TenantId column' {
        $text = Get-O365ServiceMessage -TenantId $script:DemoTenant.TenantDomain, $script:Fabrikam.TenantDomain -Active | Out-String -Width 80
        (Get-Lines $text)[0] | Should -Match '^TenantId\s+Id\s+Status/Severity\s+LastUpdated\s+Title$'
        $text | Should -Match '(?m)^contoso\.onmicrosof\S*\s+LY197383\s'
        $text | Should -Match '(?m)^fabrikam\.onmicroso'

        $piped = Get-O365ServiceStatus -TenantId * | Get-O365ServiceMessage | Out-String -Width 120
        (Get-Lines $piped)[0] | Should -Match '^TenantId\s+Id\s'
        $piped | Should -Match '(?m)^contoso\.onmicrosof\S*\s+LY197383\s'
    }

    It 'shows no TenantId column for one tenant, and the objects stay what they are' {
        (Get-Lines (Get-O365ServiceStatus | Out-String -Width 120))[0] | Should -Match '^Id\s'
        $several = @(Get-O365ServiceStatus -TenantId *)
        $several[0] | Should -BeOfType ([O365ServiceComms.ServiceStatus])
        $several[0].PSObject.TypeNames[0] | Should -Be 'O365ServiceComms.ServiceStatus#Tenants'
        ($several[0] | ConvertTo-Json -Compress) | Should -Not -Match 'Tenants'
    }

    It 'lists show the tenant of an incident and a post' {
        $text = Get-O365ServiceMessage -Id LY197383, MC172851 -TenantId $script:DemoTenant.TenantDomain | Format-List | Out-String
        ([regex]::Matches($text, 'TenantId\s+: contoso\.onmicrosoft\.com')).Count | Should -Be 2
    }
}

Describe 'Filter values: typos are loud, new values and the health page''s words work' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'warns of an unknown -Status, names it and the known values, and still sends it as given' {
        $warnings = $null
        $found = @(Get-O365ServiceMessage -Status ServiceDegredation -WarningVariable warnings -WarningAction SilentlyContinue)
        $found.Count | Should -Be 0
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match "-Status 'ServiceDegredation' is not a value"
        "$($warnings[0])" | Should -Match 'Known values: ServiceOperational, .*ServiceDegradation'
        $requests = Get-GraphRequest
        [uri]::UnescapeDataString(($requests | Where-Object path -like '*/issues*').query) | Should -Match "status eq 'serviceDegredation'"
    }

    It 'reads -Status ''<Words>'' as <Graph>, without a warning' -ForEach @(
        @{ Words = 'Service degradation'; Graph = 'ServiceDegradation' }
        @{ Words = 'post incident review published'; Graph = 'PostIncidentReviewPublished' }
        @{ Words = 'SERVICE-RESTORED'; Graph = 'ServiceRestored' }
    ) {
        $warnings = $null
        $byWords = @(Get-O365ServiceMessage -Status $Words -WarningVariable warnings)
        $warnings.Count | Should -Be 0
        $byGraph = @(Get-O365ServiceMessage -Status $Graph)
        $byGraph.Count | Should -BeGreaterThan 0
        $byWords.Id | Should -Be $byGraph.Id
    }

    It 'warns of unknown -Severity, -Classification and -Category values too, and accepts them' {
        $warnings = $null
        $null = Get-O365ServiceMessage -Severity Hgh -WarningVariable warnings -WarningAction SilentlyContinue
        "$($warnings[0])" | Should -Match "-Severity 'Hgh'.*Known values: Normal, High, Critical"
        $warnings = $null
        $null = Get-O365ServiceMessage -Classification Outage -WarningVariable warnings -WarningAction SilentlyContinue
        "$($warnings[0])" | Should -Match "-Classification 'Outage'.*Known values: Incident, Advisory"
        $warnings = $null
        $planned = @(Get-O365ServiceMessage -Category 'Plan for change' -WarningVariable warnings)
        $warnings.Count | Should -Be 0
        $planned.Count | Should -BeGreaterThan 0
        $planned.Category | Select-Object -Unique | Should -Be 'PlanForChange'
    }
}

Describe 'Completion of -TenantId' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
        $script:TenantCommands = @(Get-Command -Module O365ServiceComms | Where-Object { $_.Parameters.ContainsKey('TenantId') })
    }

    AfterAll {
        Disconnect-O365ServiceComms -Force
    }

    It 'completes the connected tenants on every cmdlet that takes -TenantId (<_>)' -ForEach @(
        'Connect-O365ServiceComms', 'Disconnect-O365ServiceComms', 'Export-O365ServiceHealthReport', 'Get-O365ServiceCommsConnection',
        'Get-O365ServiceMessage', 'Get-O365ServiceMessageAttachment', 'Get-O365ServiceStatus', 'Save-O365ServiceIncidentReport', 'Save-O365ServiceMessageAttachment',
        'Set-O365ServiceMessage'
    ) {
        $line = "$_ -TenantId "
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $matches.CompletionText | Should -Contain $script:DemoTenant.TenantDomain
        $matches.CompletionText | Should -Contain $script:Fabrikam.TenantDomain
        $matches.CompletionText | Should -Contain $script:DemoTenant.TenantId
        $matches.CompletionText | Should -Not -Match '[\\/]'
    }

    It 'covers every exported cmdlet with -TenantId' {
        $script:TenantCommands.Name | Sort-Object | Should -Be @(
            'Connect-O365ServiceComms', 'Disconnect-O365ServiceComms', 'Export-O365ServiceHealthReport', 'Get-O365ServiceCommsConnection',
            'Get-O365ServiceMessage', 'Get-O365ServiceMessageAttachment', 'Get-O365ServiceStatus', 'Save-O365ServiceIncidentReport',
            'Save-O365ServiceMessageAttachment',
            'Set-O365ServiceMessage')
    }

    It 'completes what was typed, the default connection first, with how it signs in as tooltip' {
        $line = 'Get-O365ServiceStatus -TenantId fab'
        $matches = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
        $matches.CompletionText | Should -Be @($script:Fabrikam.TenantDomain)
        $matches[0].ToolTip | Should -Match 'ClientSecret.*default'

        $line = 'Get-O365ServiceMessage -TenantId '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches[0].CompletionText | Should -Be $script:Fabrikam.TenantDomain
        $line = 'Get-O365ServiceMessage -TenantId 3f2a'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be $script:Fabrikam.TenantId
    }
}

Describe 'Disconnect-O365ServiceComms: -WhatIf, -Confirm and unknown tenants' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
    }

    AfterAll {
        Disconnect-O365ServiceComms -Force
    }

    It 'supports -WhatIf and -Confirm, at medium impact' {
        $command = Get-Command Disconnect-O365ServiceComms
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
    }

    It 'drops nothing under -WhatIf, all or one' {
        Disconnect-O365ServiceComms -WhatIf
        Disconnect-O365ServiceComms -TenantId $script:Fabrikam.TenantDomain -WhatIf
        @(Get-O365ServiceCommsConnection).Count | Should -Be 2
    }

    It 'asks before dropping several connections at once, and drops none when it cannot ask' {
        # A runspace without a host cannot ask: the question fails the command, as it would in a script.
        $powershell = [powershell]::Create()
        try {
            $null = $powershell.AddScript({
                    param($ModulePath, $EmulatorHost, $Emulator, $Fabrikam)
                    Import-Module $EmulatorHost
                    Import-Module $ModulePath
                    Connect-DemoTenant -Emulator $Emulator
                    Connect-DemoTenant -Emulator $Emulator -TenantId $Fabrikam.TenantDomain -ClientId $Fabrikam.ClientId -ClientSecret $Fabrikam.ClientSecret
                    $asked = try { Disconnect-O365ServiceComms; 'not asked' } catch { "asked: $($_.Exception.Message)" }
                    $left = @(Get-O365ServiceCommsConnection).Count
                    Disconnect-O365ServiceComms -Confirm:$false
                    $afterConfirmFalse = @(Get-O365ServiceCommsConnection).Count
                    Connect-DemoTenant -Emulator $Emulator
                    Disconnect-O365ServiceComms
                    [pscustomobject]@{ Asked = $asked; Left = $left; AfterConfirmFalse = $afterConfirmFalse; AfterOnlyOne = @(Get-O365ServiceCommsConnection).Count }
                }).AddArgument($script:ModulePath).AddArgument((Join-Path $PSScriptRoot 'EmulatorHost.psm1')).AddArgument($script:Emulator).AddArgument($script:Fabrikam)
            $result = $powershell.Invoke() | Select-Object -Last 1
            $result.Asked | Should -Match '^asked: '
            $result.Left | Should -Be 2
            $result.AfterConfirmFalse | Should -Be 0
            $result.AfterOnlyOne | Should -Be 0 -Because 'the only connection is dropped as if named'
        }
        finally {
            $powershell.Dispose()
        }
    }

    It 'drops all with -Force' {
        Disconnect-O365ServiceComms -Force
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'says that an unknown tenant is not connected (TenantNotConnected), and drops the others named' {
        $errors = $null
        Disconnect-O365ServiceComms -TenantId 'northwind.onmicrosoft.com', $script:Fabrikam.TenantDomain -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'TenantNotConnected,O365ServiceComms.Cmdlets.DisconnectO365ServiceCommsCommand'
        $errors[0].Exception.Message | Should -Match "no connection to tenant 'northwind.onmicrosoft.com', so there is nothing to disconnect"
        $errors[0].Exception.Message | Should -Not -Match 'first'
        (Get-O365ServiceCommsConnection).TenantId | Should -Be $script:DemoTenant.TenantDomain
    }
}

Describe 'Connect-O365ServiceComms: what the token lacks, and clear sign-in errors' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
    }

    It 'warns when the app holds neither read permission, from the token''s roles' {
        $warnings = $null
        $secret = ConvertTo-SecureString $script:DemoTenant.NoConsentClientSecret -AsPlainText -Force
        Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $secret @script:Endpoints `
            -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'lacks ServiceHealth\.Read\.All and ServiceMessage\.Read\.All'
        "$($warnings[0])" | Should -Match 'application permissions \(roles\) it holds: none'
        "$($warnings[0])" | Should -Match ([regex]::Escape($script:DemoTenant.NoConsentClientId))
        @(Get-O365ServiceCommsConnection).Count | Should -Be 1 -Because 'the connection is still made'
    }

    It 'warns of the one permission a user''s token lacks, from its scp' {
        $token = ConvertTo-SecureString (New-DelegatedToken -Scopes 'ServiceHealth.Read.All') -AsPlainText -Force
        $warnings = $null
        Connect-O365ServiceComms -AccessToken $token -GraphEndpoint $script:Emulator.BaseUri -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'lacks ServiceMessage\.Read\.All \(the delegated permissions \(scp\) it holds: ServiceHealth\.Read\.All\)'
        "$($warnings[0])" | Should -Match 'reading Message Center posts will fail with 403'
    }

    It 'gives no warning to an app with both permissions' {
        $warnings = $null
        Connect-DemoTenant -Emulator $script:Emulator -WarningVariable warnings
        $warnings.Count | Should -Be 0
    }

    It 'leads the wrong-secret error with Entra''s AADSTS text' {
        $secret = ConvertTo-SecureString 'Wrong~Secret~31337' -AsPlainText -Force
        $err = $null
        try { Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain -ClientId $script:DemoTenant.ClientId -ClientSecret $secret @script:Endpoints }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidClientSecret,*'
        $err.Exception.Message | Should -Match "^Sign-in to tenant '[^']+' as app '[^']+' failed: AADSTS7000215: "
        $err.Exception.Message | Should -Not -Match 'configuration issue|aka\.ms/msal'
    }

    It 'names -Environment in the wrong-tenant hint' {
        $secret = ConvertTo-SecureString $script:DemoTenant.ClientSecret -AsPlainText -Force
        $err = $null
        try { Connect-O365ServiceComms -TenantId northwind.onmicrosoft.com -ClientId $script:DemoTenant.ClientId -ClientSecret $secret @script:Endpoints }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'TenantNotFound,*'
        $err.Exception.Message | Should -Match '-Environment USGov, USGovDoD or China'
    }

    It 'refuses plain text for -<Parameter> with its own error id and the way to a SecureString' -ForEach @(
        @{ Parameter = 'ClientSecret'; Arguments = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'; ClientSecret = 'Plain~Text~Secret~99' } }
        @{ Parameter = 'AccessToken'; Arguments = @{ AccessToken = 'Plain~Text~Secret~99' } }
    ) {
        $err = $null
        $endpoints = if ($Parameter -eq 'AccessToken') { @{ GraphEndpoint = $script:Emulator.BaseUri } } else { $script:Endpoints }
        try { Connect-O365ServiceComms @Arguments @endpoints }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'PlainTextSecret,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "^-$Parameter takes a SecureString, not plain text"
        $err.Exception.Message | Should -Match 'ConvertTo-SecureString -AsPlainText -Force'
        $err.Exception.Message | Should -Not -Match 'Plain~Text~Secret~99'
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/token' | Where-Object { $_.body -match 'Plain~Text' }).Count | Should -Be 0
    }
}

Describe 'Set-O365ServiceMessage: -PassThru, -WhatIf under an app sign-in, a delegated sign-in that can set' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It '-PassThru writes the post again, read after the change' {
        $token = ConvertTo-SecureString (New-DelegatedToken) -AsPlainText -Force
        Connect-O365ServiceComms -AccessToken $token -GraphEndpoint $script:Emulator.BaseUri
        $post = Set-O365ServiceMessage -Id MC172851 -IsRead $true -IsFavorited $true -PassThru
        $post | Should -BeOfType ([O365ServiceComms.MessageCenterPost])
        $post.Id | Should -Be 'MC172851'
        $post.ViewPoint.IsRead | Should -BeTrue
        $post.ViewPoint.IsFavorited | Should -BeTrue
        @(Set-O365ServiceMessage -Id MC172851 -IsRead $false).Count | Should -Be 0 -Because 'without -PassThru it writes nothing'
    }

    It '-WhatIf under an app sign-in warns that the change needs a delegated sign-in, and sends nothing' {
        Connect-DemoTenant -Emulator $script:Emulator
        Reset-Emulator $script:Emulator
        $warnings = $null
        Set-O365ServiceMessage -Id MC172851 -IsRead $true -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'delegated \(user\) sign-in'
        "$($warnings[0])" | Should -Match 'signs in as an app \(ClientSecret\)'
        @(Get-GraphRequest | Where-Object method -eq 'POST').Count | Should -Be 0
    }

    It 'a device code sign-in asks for ServiceMessageViewpoint.Write, so a set succeeds' {
        $signIn = Get-SignInTestData
        $user = Start-DeviceCodeUser -Emulator $script:Emulator
        Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain -ClientId $signIn.PublicClientId -DeviceCode @script:Endpoints -InformationAction Ignore
        $null = Receive-DeviceCodeUser $user
        (Get-O365ServiceCommsConnection).Roles | Should -Contain 'ServiceMessageViewpoint.Write'
        $errors = $null
        $post = Set-O365ServiceMessage -Id MC172851 -IsArchived $true -PassThru -ErrorVariable errors
        $errors.Count | Should -Be 0
        $post.ViewPoint.IsArchived | Should -BeTrue
    }
}

Describe 'Get-Help -Online' {
    It 'opens this module''s page for <Name>' -ForEach $script:Cmdlets {
        $expected = "https://github.com/O365ServiceComms/O365ServiceComms/blob/main/docs/en-US/$Name.md"
        (Get-Command $Name).HelpUri | Should -Be $expected
        # Get-Help -Online takes the first related link with an absolute address, before HelpUri.
        $first = @((Get-Help $Name).relatedLinks.navigationLink | Where-Object { $_.uri -match '^https?://' })[0]
        $first.uri | Should -Be $expected
        $first.uri | Should -Not -Match 'learn\.microsoft\.com'
        $page = Join-Path $script:RepoRoot "docs/en-US/$Name.md"
        (Get-Content $page -TotalCount 8) -match '^online version: ' | Should -Be "online version: $expected"
    }
}
