# A ready access token (-AccessToken) and the clouds (-Environment).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator

    function Get-TokenRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token') }
    function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Connect-O365ServiceComms -AccessToken' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'uses the token as it is: tenant, app, roles and expiry from its claims, no token request' {
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        Reset-Emulator $script:Emulator
        $connection = Connect-O365ServiceComms -AccessToken (ConvertTo-Secure $token) -GraphEndpoint $script:Emulator.BaseUri -PassThru
        $connection.AuthType | Should -Be 'AccessToken'
        $connection.TenantId | Should -Be $script:DemoTenant.TenantId
        $connection.ClientId | Should -Be $script:DemoTenant.ClientId
        $connection.Roles | Should -Be @('ServiceHealth.Read.All', 'ServiceMessage.Read.All')
        $connection.TokenExpiresOn | Should -BeGreaterThan (Get-Date).AddMinutes(55)
        $connection.TokenExpiresOn | Should -BeLessThan (Get-Date).AddMinutes(61)

        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-O365ServiceMessage -MessageType MessageCenter).Count | Should -Be 141
        (Get-TokenRequest).Count | Should -Be 0
        ($connection | ConvertTo-Json) | Should -Not -Match ([regex]::Escape($token))
    }

    It 'takes -TenantId as the connection''s name, and a "Bearer " prefix' {
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        Connect-O365ServiceComms -TenantId contoso.onmicrosoft.com -AccessToken (ConvertTo-Secure "Bearer $token") -GraphEndpoint $script:Emulator.BaseUri
        (Get-O365ServiceCommsConnection).TenantId | Should -Be 'contoso.onmicrosoft.com'
        @(Get-O365ServiceStatus -TenantId contoso.onmicrosoft.com).Count | Should -Be 27
        @(Get-O365ServiceStatus -TenantId $script:DemoTenant.TenantId).Count | Should -Be 27
    }

    It 'AccessTokenExpired: once the token has expired, asks for a new one without sending it' {
        Set-EmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 3 }
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        $connection = Connect-O365ServiceComms -AccessToken (ConvertTo-Secure $token) -GraphEndpoint $script:Emulator.BaseUri -PassThru
        @(Get-O365ServiceStatus).Count | Should -Be 27
        $wait = ($connection.TokenExpiresOn - (Get-Date)).TotalMilliseconds + 250
        if ($wait -gt 0) { Start-Sleep -Milliseconds $wait }
        Reset-Emulator $script:Emulator

        $result = Get-AllOutputText { Get-O365ServiceStatus -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'AccessTokenExpired,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'expired at'
        $err.Exception.Message | Should -Match 'Connect-O365ServiceComms -AccessToken'
        $result.Text | Should -Not -Match ([regex]::Escape($token))
        $result.Text | Should -Not -Match 'eyJ'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'AccessTokenExpired: refuses a token that has already expired at Connect' {
        $expired = New-UnsignedJwt @{ aud = 'https://graph.microsoft.com'; tid = $script:DemoTenant.TenantId; exp = [datetimeoffset]::UtcNow.AddMinutes(-5).ToUnixTimeSeconds() }
        $result = Get-AllOutputText { Connect-O365ServiceComms -AccessToken (ConvertTo-Secure $expired) -Verbose -Debug }
        $result.Error.FullyQualifiedErrorId | Should -Be 'AccessTokenExpired,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $result.Error.Exception.Message | Should -Match 'get a new one'
        $result.Text | Should -Not -Match ([regex]::Escape($expired.Split('.')[1]))
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'AccessTokenRejected: Graph refuses the token (revoked) and it cannot be renewed' {
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        Connect-O365ServiceComms -AccessToken (ConvertTo-Secure $token) -GraphEndpoint $script:Emulator.BaseUri
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        $result = Get-AllOutputText { Get-O365ServiceMessage -Id LY197383 -Verbose -Debug }
        $result.Error.FullyQualifiedErrorId | Should -Be 'AccessTokenRejected,O365ServiceComms.Cmdlets.GetO365ServiceMessageCommand'
        $result.Error.Exception.Message | Should -Match '401'
        $result.Text | Should -Not -Match ([regex]::Escape($token))
        (Get-TokenRequest).Count | Should -Be 1
    }

    It 'AccessTokenWrongAudience: a token for another API (Azure Resource Manager)' {
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator -Resource 'https://management.azure.com'
        $result = Get-AllOutputText { Connect-O365ServiceComms -AccessToken (ConvertTo-Secure $token) -GraphEndpoint $script:Emulator.BaseUri }
        $result.Error.FullyQualifiedErrorId | Should -Be 'AccessTokenWrongAudience,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $result.Error.Exception.Message | Should -Match 'management\.azure\.com'
        $result.Error.Exception.Message | Should -Match 'ResourceTypeName MSGraph'
        $result.Text | Should -Not -Match ([regex]::Escape($token))
    }

    It 'needs -TenantId for a token that does not name its tenant' {
        $err = (Get-AllOutputText { Connect-O365ServiceComms -AccessToken (ConvertTo-Secure 'opaque-token-value-1234') }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err.Exception.Message | Should -Match '-TenantId'
        $err.Exception.Message | Should -Not -Match 'opaque-token-value-1234'
    }

    It 'refuses a token for another tenant than -TenantId' {
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        $err = (Get-AllOutputText {
                Connect-O365ServiceComms -TenantId (Get-FabrikamTenant).TenantId -AccessToken (ConvertTo-Secure $token) -GraphEndpoint $script:Emulator.BaseUri
            }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err.Exception.Message | Should -Match $script:DemoTenant.TenantId
    }
}

Describe 'Connect-O365ServiceComms -Environment' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    # Ready tokens let these run without any request: Connect checks a token's audience against the cloud's Graph.
    It 'sets the Graph endpoint of <Environment>' -ForEach @(
        @{ Environment = 'Global'; Graph = 'https://graph.microsoft.com' }
        @{ Environment = 'USGov'; Graph = 'https://graph.microsoft.us' }
        @{ Environment = 'USGovDoD'; Graph = 'https://dod-graph.microsoft.us' }
        @{ Environment = 'China'; Graph = 'https://microsoftgraph.chinacloudapi.cn' }
    ) {
        $token = New-UnsignedJwt @{ aud = $Graph; tid = $script:DemoTenant.TenantId; exp = [datetimeoffset]::UtcNow.AddHours(1).ToUnixTimeSeconds() }
        $connection = Connect-O365ServiceComms -Environment $Environment -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) -PassThru
        $connection.Environment | Should -Be $Environment
        $connection.GraphEndpoint | Should -Be ([uri]$Graph)
    }

    It 'asks the sign-in service for a token for the cloud''s Graph (<Environment>)' -ForEach @(
        @{ Environment = 'USGov'; Scope = 'https://graph.microsoft.us/.default' }
        @{ Environment = 'USGovDoD'; Scope = 'https://dod-graph.microsoft.us/.default' }
        @{ Environment = 'China'; Scope = 'https://microsoftgraph.chinacloudapi.cn/.default' }
    ) {
        # -AuthorityHost overrides the cloud's sign-in endpoint (here: the emulator); the token is for that cloud's Graph.
        $connection = Connect-DemoTenantAt -Environment $Environment
        $connection.GraphEndpoint | Should -Be ([uri]($Scope -replace '/\.default$'))
        $connection.Scopes | Should -Be @($Scope)
        (Get-TokenRequest)[0].scope | Should -Be $Scope
        Disconnect-O365ServiceComms -Force
    }

    It 'lets -AuthorityHost and -GraphEndpoint override the cloud' {
        $secret = ConvertTo-SecureString $script:DemoTenant.ClientSecret -AsPlainText -Force
        $connection = Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain -ClientId $script:DemoTenant.ClientId -ClientSecret $secret `
            -Environment China -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint $script:Emulator.BaseUri -PassThru
        $connection.Environment | Should -Be 'Custom'
        @(Get-O365ServiceStatus).Count | Should -Be 27
    }

    BeforeAll {
        function Connect-DemoTenantAt([string] $Environment) {
            $secret = ConvertTo-SecureString $script:DemoTenant.ClientSecret -AsPlainText -Force
            Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantDomain -ClientId $script:DemoTenant.ClientId -ClientSecret $secret `
                -Environment $Environment -AuthorityHost $script:Emulator.BaseUri -PassThru
        }
    }
}
