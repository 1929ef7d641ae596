# Delegated sign-in of an admin: -DeviceCode (the test plays the user on the verification page) and -Interactive.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:SignIn = Get-SignInTestData
    $script:Endpoints = @{ AuthorityHost = $script:Emulator.BaseUri; GraphEndpoint = $script:Emulator.BaseUri }
    $script:App = @{ TenantId = $script:DemoTenant.TenantDomain; ClientId = $script:SignIn.PublicClientId }

    function Get-TokenRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token') }

    # Connect -DeviceCode while the test's "user" answers on the verification page; returns what the host was given.
    function Connect-WithDeviceCode {
        param([string] $Action = 'approve', [hashtable] $App = $script:App, [int] $AfterPolls = 1, [string] $InformationAction = 'Ignore')
        $user = Start-DeviceCodeUser -Emulator $script:Emulator -Action $Action -AfterPolls $AfterPolls
        $hostMessages = $null
        $caught = $null
        try {
            Connect-O365ServiceComms @App @script:Endpoints -DeviceCode -InformationVariable hostMessages -InformationAction $InformationAction
        }
        catch { $caught = $_ }
        [pscustomobject]@{ UserCode = Receive-DeviceCodeUser $user; Host = @($hostMessages); Error = $caught }
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Connect-O365ServiceComms -DeviceCode' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'shows the code through the host, waits for the user, then reads status and messages with delegated permissions' {
        $result = Connect-WithDeviceCode
        $result.Error | Should -BeNullOrEmpty
        $result.UserCode | Should -Match '^[A-Z0-9]{9}$'
        # Written as Write-Host writes: tagged PSHOST, so the console, transcripts and runbook output show it.
        $result.Host.Count | Should -Be 1
        $result.Host[0].Tags | Should -Contain 'PSHOST'
        "$($result.Host[0].MessageData)" | Should -Match ([regex]::Escape($result.UserCode))
        "$($result.Host[0].MessageData)" | Should -Match ([regex]::Escape("$($script:Emulator.BaseUri)/devicelogin"))

        $connection = Get-O365ServiceCommsConnection
        $connection.AuthType | Should -Be 'DeviceCode'
        $connection.Account | Should -Be $script:SignIn.UserPrincipalName
        $connection.TenantGuid | Should -Be $script:DemoTenant.TenantId
        $connection.Roles | Should -Be @('ServiceHealth.Read.All', 'ServiceMessage.Read.All', 'ServiceMessageViewpoint.Write')
        $connection.Scopes | Should -Be @("$($script:Emulator.BaseUri)/ServiceHealth.Read.All", "$($script:Emulator.BaseUri)/ServiceMessage.Read.All", "$($script:Emulator.BaseUri)/ServiceMessageViewpoint.Write")

        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-O365ServiceMessage).Count | Should -Be (55 + 141)

        $tokens = Get-TokenRequest
        # authorization_pending at least once, then exactly one token; no refresh while it is fresh.
        @($tokens | Where-Object status -eq 400).Count | Should -BeGreaterOrEqual 1
        @($tokens | Where-Object status -eq 200).Count | Should -Be 1
        @($tokens | Where-Object grantType -eq 'refresh_token').Count | Should -Be 0
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/devicecode').Count | Should -Be 1
    }

    It 'appears in a transcript' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { $result = Connect-WithDeviceCode -InformationAction Continue }
        finally { Stop-Transcript | Out-Null }
        $result.Error | Should -BeNullOrEmpty
        Get-Content $transcript -Raw | Should -Match ([regex]::Escape($result.UserCode))
    }

    It 'renews the token silently with the refresh token when Graph says it expired' {
        (Connect-WithDeviceCode).Error | Should -BeNullOrEmpty
        Reset-Emulator $script:Emulator
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        @(Get-O365ServiceStatus).Count | Should -Be 27
        $tokens = Get-TokenRequest
        $tokens.Count | Should -Be 1
        $tokens[0].grantType | Should -Be 'refresh_token'
        $tokens[0].status | Should -Be 200
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/devicecode').Count | Should -Be 0
    }

    It 'renews the token before it expires' {
        # MSAL renews a token with less than five minutes left before using it.
        Set-EmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 200 }
        (Connect-WithDeviceCode).Error | Should -BeNullOrEmpty
        Reset-Emulator $script:Emulator
        @(Get-O365ServiceStatus).Count | Should -Be 27
        $requests = @(Get-EmulatorRequest $script:Emulator)
        $requests[0].grantType | Should -Be 'refresh_token'
        @($requests | Where-Object status -eq 401).Count | Should -Be 0
    }

    It 'SignInRequired: tells the user to connect again when the refresh token is gone' {
        (Connect-WithDeviceCode).Error | Should -BeNullOrEmpty
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'refreshtokens/revoke' -Method Post | Out-Null
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        $result = Get-AllOutputText { Get-O365ServiceStatus -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'SignInRequired,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'AADSTS700082'
        $err.Exception.Message | Should -Match ([regex]::Escape($script:SignIn.UserPrincipalName))
        $err.Exception.Message | Should -Match '-DeviceCode again'
        $result.Text | Should -Not -Match 'eyJ'
        $result.Text | Should -Not -Match 'rt\.[A-Za-z0-9_-]{16}'
    }

    It 'SignInDeclined: the user declines on the verification page' {
        $result = Connect-WithDeviceCode -Action decline
        $result.Error.FullyQualifiedErrorId | Should -Be 'SignInDeclined,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $result.Error.Exception.Message | Should -Match 'declined'
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'DeviceCodeExpired: the code expires before the user signs in' {
        $result = Connect-WithDeviceCode -Action expire
        $result.Error.FullyQualifiedErrorId | Should -Be 'DeviceCodeExpired,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($result.Error.CategoryInfo.Category)" | Should -Be 'OperationTimeout'
        $result.Error.Exception.Message | Should -Match 'AADSTS70019'
        $result.Error.Exception.Message | Should -Match 'Run Connect-O365ServiceComms again'
    }

    It 'ConsentRequired: an app without admin consent for the delegated permissions' {
        $app = @{ TenantId = $script:DemoTenant.TenantDomain; ClientId = $script:SignIn.PublicNoConsentClientId }
        $result = Connect-WithDeviceCode -App $app
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'ConsentRequired,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'AADSTS65001'
        $err.Exception.Message | Should -Match 'Grant admin consent'
    }

    It 'names public client flows for an app that does not allow them' {
        $app = @{ TenantId = $script:DemoTenant.TenantDomain; ClientId = $script:DemoTenant.ClientId }
        # The sign-in service refuses the first poll already, before the user could answer.
        $result = Connect-WithDeviceCode -App $app -AfterPolls 0
        $result.Error.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $result.Error.Exception.Message | Should -Match 'AADSTS7000218'
        $result.Error.Exception.Message | Should -Match 'Allow public client flows'
    }

    It 'stops waiting on Ctrl+C' {
        $powershell = [powershell]::Create()
        try {
            $null = $powershell.AddScript({
                    param($ModulePath, $App, $Endpoints)
                    Import-Module $ModulePath
                    Connect-O365ServiceComms @App @Endpoints -DeviceCode -InformationAction Ignore
                }).AddArgument($script:ModulePath).AddArgument($script:App).AddArgument($script:Endpoints)
            $handle = $powershell.BeginInvoke()
            $deadline = (Get-Date).AddSeconds(20)
            while (-not @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token').Count -and (Get-Date) -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            # Without cancellation the wait would last until the code expires (15 minutes); 30 seconds only bounds the test.
            $stop = $powershell.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue
            $powershell.EndStop($stop)
            $powershell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $powershell.Dispose() }
    }
}

Describe 'Connect-O365ServiceComms -Interactive' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
        $script:Saved = @{ Display = $env:DISPLAY; Wayland = $env:WAYLAND_DISPLAY; Path = $env:PATH }
    }

    AfterEach {
        $env:DISPLAY = $script:Saved.Display
        $env:WAYLAND_DISPLAY = $script:Saved.Wayland
        $env:PATH = $script:Saved.Path
    }

    It 'InteractiveSignInUnavailable: no desktop (SSH, a container, a runbook) sends the user to -DeviceCode' -Skip:(-not $IsLinux) {
        Remove-Item Env:DISPLAY, Env:WAYLAND_DISPLAY -ErrorAction Ignore
        $result = Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -Interactive -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'InteractiveSignInUnavailable,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match '-DeviceCode'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    # No real browser here: a scripted one (curl) stands in for it, so MSAL's own browser flow runs end to end:
    # loopback listener, authorize request with PKCE, form_post answer, code redemption.
    It 'signs in through the system browser and reads status and messages' -Skip:(-not $IsLinux -or -not (Get-Command curl -ErrorAction Ignore)) {
        $browser = New-ScriptedBrowser -Directory (Join-Path $TestDrive 'browser')
        $env:DISPLAY = ':99'
        $env:PATH = $browser.Directory + [IO.Path]::PathSeparator + $env:PATH

        $connection = Connect-O365ServiceComms @script:App @script:Endpoints -Interactive -InformationAction Ignore -PassThru
        $connection.AuthType | Should -Be 'Interactive'
        $connection.Account | Should -Be $script:SignIn.UserPrincipalName
        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-O365ServiceMessage -Id MC172851).Count | Should -Be 1

        $authorize = @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/authorize')
        $authorize.Count | Should -Be 1
        $authorize[0].query | Should -Match 'code_challenge_method=S256'
        $authorize[0].query | Should -Match 'redirect_uri=http%3A%2F%2Flocalhost'
        $tokens = Get-TokenRequest
        $tokens.Count | Should -Be 1
        $tokens[0].grantType | Should -Be 'authorization_code'
        Get-Content $browser.Log -Raw | Should -Match 'post http://localhost:\d+'
    }
}
