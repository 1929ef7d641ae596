# Connect, connection store and sign-in errors (client secret and credential).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator

    function Get-ConnectError {
        param([scriptblock] $Action)
        try { & $Action; $null } catch { $_ }
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Connect-O365ServiceComms' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'returns the connection with -PassThru, without secret or token' {
        $connection = Connect-DemoTenant -Emulator $script:Emulator -PassThru
        $connection | Should -BeOfType ([O365ServiceComms.ServiceCommsConnection])
        $connection.TenantId | Should -Be $script:DemoTenant.TenantDomain
        $connection.ClientId | Should -Be $script:DemoTenant.ClientId
        $connection.AuthType | Should -Be 'ClientSecret'
        $connection.Environment | Should -Be 'Custom'
        $connection.GraphEndpoint | Should -Be ([uri]$script:Emulator.BaseUri)
        $connection.TokenExpiresOn | Should -BeGreaterThan (Get-Date).AddMinutes(50)
        $connection.Roles | Should -Contain 'ServiceHealth.Read.All'
        $json = $connection | ConvertTo-Json -Depth 4
        $json | Should -Not -Match ([regex]::Escape($script:DemoTenant.ClientSecret))
        $json | Should -Not -Match 'eyJ'
        ($connection | Format-List * | Out-String) | Should -Not -Match 'eyJ'
    }

    It 'signs in at once: the token request happens in Connect' {
        Connect-DemoTenant -Emulator $script:Emulator
        $token = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token')
        $token.Count | Should -Be 1
        $token[0].grantType | Should -Be 'client_credentials'
        $token[0].scope | Should -Be "$($script:Emulator.BaseUri)/.default"
    }

    It 'accepts a PSCredential holding client id and secret (Azure Automation credential assets)' {
        $credential = [pscredential]::new($script:DemoTenant.ClientId, (ConvertTo-SecureString $script:DemoTenant.ClientSecret -AsPlainText -Force))
        Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantId -Credential $credential -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint $script:Emulator.BaseUri
        (Get-O365ServiceCommsConnection).TenantId | Should -Be $script:DemoTenant.TenantId
        @(Get-O365ServiceStatus).Count | Should -Be 27
    }

    It 'reuses one token for every call of the session' {
        Connect-DemoTenant -Emulator $script:Emulator
        1..3 | ForEach-Object { Get-O365ServiceStatus | Out-Null; Get-O365ServiceMessage -Id MC172851 | Out-Null }
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token').Count | Should -Be 1
    }

    It 'gets a new token once when Graph says the token expired, and goes on' {
        Connect-DemoTenant -Emulator $script:Emulator
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token').Count | Should -Be 2
    }

    It 'keeps connections per runspace' {
        Connect-DemoTenant -Emulator $script:Emulator
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript("Import-Module '$($script:ModulePath)'; @(Get-O365ServiceCommsConnection).Count")
            $other.Invoke() | Should -Be 0
        }
        finally { $other.Dispose() }
        @(Get-O365ServiceCommsConnection).Count | Should -Be 1
    }

    It 'fails with <ErrorId> for <Case>, naming the reason and leaking no secret' -ForEach @(
        @{ Case = 'a wrong secret'; Tenant = 'contoso.onmicrosoft.com'; Client = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'; Secret = 'Wrong~Secret~999'; ErrorId = 'InvalidClientSecret'; Reason = 'AADSTS7000215'; Category = 'AuthenticationError' }
        @{ Case = 'an unknown app'; Tenant = 'contoso.onmicrosoft.com'; Client = '00000000-1111-2222-3333-444444444444'; Secret = 'Some~Secret~1'; ErrorId = 'ApplicationNotFound'; Reason = 'AADSTS700016'; Category = 'ObjectNotFound' }
        @{ Case = 'an unknown tenant'; Tenant = 'nosuchtenant.onmicrosoft.com'; Client = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'; Secret = 'Demo~Secret~0123456789'; ErrorId = 'TenantNotFound'; Reason = 'AADSTS90002'; Category = 'ObjectNotFound' }
    ) {
        $err = Get-ConnectError { Connect-DemoTenant -Emulator $script:Emulator -TenantId $Tenant -ClientId $Client -ClientSecret $Secret }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand"
        "$($err.CategoryInfo.Category)" | Should -Be $Category
        $err.Exception.Message | Should -Match $Reason
        $err.Exception.Message | Should -Match 'Check'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($Secret))
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'refuses a client id that is not a GUID before any request' {
        $err = Get-ConnectError { Connect-DemoTenant -Emulator $script:Emulator -ClientId 'my-app' }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'refuses plain http endpoints' {
        $secret = ConvertTo-SecureString 'x' -AsPlainText -Force
        $err = Get-ConnectError { Connect-O365ServiceComms -TenantId contoso.onmicrosoft.com -ClientId $script:DemoTenant.ClientId -ClientSecret $secret -GraphEndpoint 'http://127.0.0.1:1' }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err.Exception.Message | Should -Match 'https'
    }

    It 'says how to connect when there is no connection' {
        $err = Get-ConnectError { Get-O365ServiceStatus }
        $err.FullyQualifiedErrorId | Should -Be 'NotConnected,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        $err.Exception.Message | Should -Match 'Connect-O365ServiceComms'
    }

    It 'Disconnect forgets the connection' {
        Connect-DemoTenant -Emulator $script:Emulator
        Disconnect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
        $err = Get-ConnectError { Disconnect-O365ServiceComms -TenantId 'other.onmicrosoft.com' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'TenantNotConnected,*'
    }
}

Describe 'Times in a zone other than UTC' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'prints the token expiry in real UTC and takes a time of kind Unspecified as local in -Since and the time filter' {
        # A pwsh of its own under TZ=America/New_York (UTC-5 in November): a local time printed with "u" would be 5 h early.
        $child = {
            $ErrorActionPreference = 'Stop'
            Import-Module $env:O365SC_TZ_MODULE
            $secret = ConvertTo-SecureString $env:O365SC_TZ_SECRET -AsPlainText -Force
            $verbose = Connect-O365ServiceComms -TenantId $env:O365SC_TZ_TENANT -ClientId $env:O365SC_TZ_CLIENT -ClientSecret $secret `
                -AuthorityHost $env:O365SC_TZ_URI -GraphEndpoint $env:O365SC_TZ_URI -Verbose 4>&1 | ForEach-Object { "$_" }
            $since = [datetime]::new(2021, 11, 16, 8, 0, 0, [DateTimeKind]::Unspecified)
            Get-O365ServiceMessage -MessageType MessageCenter -Since $since | Out-Null
            $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'O365ServiceComms.Engine' } | Select-Object -First 1
            $timeFilter = $engine.GetType('O365ServiceComms.Graph.TimeFilter').GetMethod('LastModifiedSince').Invoke($null, @($since))
            [pscustomobject]@{
                Verbose = $verbose -join "`n"
                ExpiresUtc = (Get-O365ServiceCommsConnection).TokenExpiresOn.ToUniversalTime().ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
                Offset = [TimeZoneInfo]::Local.GetUtcOffset($since).TotalHours
                TimeFilter = $timeFilter
            } | ConvertTo-Json -Compress
        }
        $processPath = [Environment]::ProcessPath
        $start = [Diagnostics.ProcessStartInfo]::new($processPath)
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $child.ToString()) { $start.ArgumentList.Add($argument) }
        $start.Environment['TZ'] = 'America/New_York'
        $start.Environment['O365SC_TZ_MODULE'] = $script:ModulePath
        $start.Environment['O365SC_TZ_URI'] = $script:Emulator.BaseUri
        $start.Environment['O365SC_TZ_TENANT'] = $script:DemoTenant.TenantDomain
        $start.Environment['O365SC_TZ_CLIENT'] = $script:DemoTenant.ClientId
        $start.Environment['O365SC_TZ_SECRET'] = $script:DemoTenant.ClientSecret
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The pwsh under TZ=America/New_York did not end within 120 s.' }
            $process.WaitForExit()
            $process.ExitCode | Should -Be 0 -Because $stderr.Result
            $result = $stdout.Result | ConvertFrom-Json
        }
        finally { $process.Dispose() }

        $result.Offset | Should -Be -5
        $result.Verbose | Should -Match "the token expires at $([regex]::Escape($result.ExpiresUtc)):\d\dZ"
        $result.TimeFilter | Should -Be 'lastModifiedDateTime ge 2021-11-16T13:00:00Z'
        $sent = @(Get-EmulatorRequest $script:Emulator | Where-Object path -match '/messages$')
        $sent[0].filter | Should -Match 'lastModifiedDateTime ge 2021-11-16T13:00:00Z'
    }
}

Describe 'Graph errors' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'names the missing permission and admin consent on a 403' {
        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        $err = Get-ConnectError { Get-O365ServiceStatus }
        $err.FullyQualifiedErrorId | Should -Be 'MissingPermission,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'ServiceHealth\.Read\.All'
        $err.Exception.Message | Should -Match 'admin consent'
        $err.Exception.Message | Should -Match 'request-id [0-9a-f-]{36}'

        $messageErrors = @()
        Get-O365ServiceMessage -MessageType MessageCenter -ErrorVariable messageErrors -ErrorAction SilentlyContinue | Out-Null
        $messageErrors[0].FullyQualifiedErrorId | Should -BeLike 'MissingPermission,*'
        $messageErrors[0].Exception.Message | Should -Match 'ServiceMessage\.Read\.All'
    }

    It 'reports an unknown id and goes on with the others' {
        Connect-DemoTenant -Emulator $script:Emulator
        $found = @(Get-O365ServiceMessage -Id LY197383, EX000001, MC172851 -ErrorVariable notFound -ErrorAction SilentlyContinue)
        ($found.Id) | Should -Be @('LY197383', 'MC172851')
        $notFound.Count | Should -Be 1
        $notFound[0].FullyQualifiedErrorId | Should -Be 'MessageNotFound,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $notFound[0].TargetObject | Should -Be 'EX000001'
    }

    It 'lets a script catch failures by the public exception type and read their kind and request-id' {
        $caught = try { Get-O365ServiceStatus -ErrorAction Stop; $null } catch [O365ServiceComms.ServiceCommsException] { $_ }
        $caught.Exception.Kind | Should -Be ([O365ServiceComms.ServiceCommsErrorKind]::NotConnected)
        $caught.Exception.ErrorId | Should -Be 'NotConnected'
        $caught.Exception.RequestId | Should -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be 'NotConnected,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'

        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        $caught = try { Get-O365ServiceStatus -ErrorAction Stop; $null } catch [O365ServiceComms.ServiceCommsException] { $_ }
        $caught.Exception.Kind | Should -Be 'PermissionMissing'
        $caught.Exception.GraphErrorCode | Should -Not -BeNullOrEmpty
        $caught.Exception.RequestId | Should -Match '^[0-9a-f-]{36}$'
        $caught.Exception.Message | Should -Match "request-id $($caught.Exception.RequestId)"
        "$($caught.CategoryInfo.Category)" | Should -Be 'PermissionDenied'

        Disconnect-O365ServiceComms -Force
        Connect-DemoTenant -Emulator $script:Emulator
        $caught = try { Get-O365ServiceMessage -Id EX000001 -ErrorAction Stop; $null } catch [O365ServiceComms.ServiceCommsException] { $_ }
        $caught.Exception.Kind | Should -Be 'NotFound'
        $caught.Exception.Target | Should -Be 'EX000001'
        $caught.Exception.RequestId | Should -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be 'MessageNotFound,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
    }

    It 'refuses ids that are not ids, without a request' {
        Connect-DemoTenant -Emulator $script:Emulator
        Reset-Emulator $script:Emulator
        $bad = @()
        Get-O365ServiceMessage -Id "EX1' or 1 eq 1", '../messages' -ErrorVariable bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $bad.Count | Should -Be 2
        $bad | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*' }
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }
}
