# Managed identity sign-in (Azure Automation, Functions, App Service): the emulator plays the IDENTITY_ENDPOINT.
# MSAL caches managed identity tokens for the whole process; Connect asks for a fresh one, which keeps these counts exact.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:SignIn = Get-SignInTestData
    $script:Saved = @{ Endpoint = $env:IDENTITY_ENDPOINT; Header = $env:IDENTITY_HEADER }

    function Get-IdentityRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -eq '/msi/token') }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    $env:IDENTITY_ENDPOINT = $script:Saved.Endpoint
    $env:IDENTITY_HEADER = $script:Saved.Header
    Stop-Emulator $script:Emulator
}

Describe 'Connect-O365ServiceComms -ManagedIdentity' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        $script:Identity = Set-ManagedIdentityEnvironment -Emulator $script:Emulator
        Reset-Emulator $script:Emulator
    }

    It 'signs in as the system-assigned identity with no tenant or secret, then reads status and messages on one token' {
        $connection = Connect-O365ServiceComms -ManagedIdentity -GraphEndpoint $script:Emulator.BaseUri -PassThru
        $connection.AuthType | Should -Be 'ManagedIdentity'
        $connection.TenantId | Should -Be $script:DemoTenant.TenantId
        $connection.TenantGuid | Should -Be $script:DemoTenant.TenantId
        $connection.ClientId | Should -Be $script:SignIn.SystemAssignedClientId
        $connection.AuthorityHost | Should -BeNullOrEmpty
        $connection.Roles | Should -Contain 'ServiceMessage.Read.All'
        $connection.TokenExpiresOn | Should -BeGreaterThan (Get-Date).AddMinutes(50)

        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-O365ServiceMessage).Count | Should -Be (55 + 141)
        @(Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage).Id | Should -Contain 'LY197383'

        $identity = Get-IdentityRequest
        $identity.Count | Should -Be 1
        $identity[0].query | Should -Match 'api-version=2019-08-01'
        $identity[0].query | Should -Match ([regex]::Escape("resource=$($script:Emulator.BaseUri)") + '(&|$)')
        $identity[0].query | Should -Not -Match 'client_id'
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/*').Count | Should -Be 0
    }

    It 'signs in as a user-assigned identity with -ClientId' {
        $connection = Connect-O365ServiceComms -ManagedIdentity -ClientId $script:SignIn.UserAssignedClientId -GraphEndpoint $script:Emulator.BaseUri -PassThru
        $connection.ClientId | Should -Be $script:SignIn.UserAssignedClientId
        @(Get-O365ServiceStatus -Service SharePoint).IncidentIds | Should -Be @('SP197263', 'SP197691')
        $identity = Get-IdentityRequest
        $identity.Count | Should -Be 1
        $identity[0].query | Should -Match "client_id=$($script:SignIn.UserAssignedClientId)"
        $identity[0].clientId | Should -Be $script:SignIn.UserAssignedClientId
    }

    It 'asks for a fresh token on every Connect, and reuses it after' {
        Connect-O365ServiceComms -ManagedIdentity -GraphEndpoint $script:Emulator.BaseUri
        Connect-O365ServiceComms -ManagedIdentity -GraphEndpoint $script:Emulator.BaseUri
        1..3 | ForEach-Object { Get-O365ServiceStatus | Out-Null }
        (Get-IdentityRequest).Count | Should -Be 2
        @(Get-O365ServiceCommsConnection).Count | Should -Be 1
    }

    It 'gets a new token when Graph says the token expired' {
        Connect-O365ServiceComms -ManagedIdentity -GraphEndpoint $script:Emulator.BaseUri
        Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/expire' -Method Post | Out-Null
        @(Get-O365ServiceStatus).Count | Should -Be 27
        (Get-IdentityRequest).Count | Should -Be 2
    }

    It 'takes -Environment for the token''s resource' {
        # The token is for US Government Graph; nothing is sent to Graph here.
        $connection = Connect-O365ServiceComms -ManagedIdentity -Environment USGov -PassThru
        $connection.Environment | Should -Be 'USGov'
        $connection.GraphEndpoint | Should -Be ([uri]'https://graph.microsoft.us')
        (Get-IdentityRequest)[0].query | Should -Match ([regex]::Escape('resource=https://graph.microsoft.us') + '(&|$)')
    }
}

Describe 'Managed identity errors' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'ManagedIdentityUnreachable: names the endpoint and where -ManagedIdentity works, leaking no header' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $env:IDENTITY_ENDPOINT = "http://127.0.0.1:$port/msi/token"
        $env:IDENTITY_HEADER = 'Identity~Header~Secret~771'

        $result = Get-AllOutputText { Connect-O365ServiceComms -ManagedIdentity -GraphEndpoint $script:Emulator.BaseUri -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'ManagedIdentityUnreachable,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match ([regex]::Escape("http://127.0.0.1:$port/msi/token"))
        $err.Exception.Message | Should -Match 'inside Azure'
        $err.Exception.Message | Should -Match 'certificate'
        $result.Text | Should -Not -Match 'Identity~Header~Secret~771'
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'ManagedIdentityFailed: a user-assigned identity not attached to this resource' {
        $identity = Set-ManagedIdentityEnvironment -Emulator $script:Emulator
        $result = Get-AllOutputText {
            Connect-O365ServiceComms -ManagedIdentity -ClientId 00000000-0000-0000-0000-00000000beef -GraphEndpoint $script:Emulator.BaseUri -Verbose -Debug
        }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'ManagedIdentityFailed,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $err.Exception.Message | Should -Match 'No User Assigned'
        $err.Exception.Message | Should -Match '-ClientId'
        $result.Text | Should -Not -Match ([regex]::Escape($identity.header))
        $result.Text | Should -Not -Match 'eyJ'
    }

    It 'refuses a -ClientId that is not a GUID before any request' {
        $null = Set-ManagedIdentityEnvironment -Emulator $script:Emulator
        $err = (Get-AllOutputText { Connect-O365ServiceComms -ManagedIdentity -ClientId 'my-identity' }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }
}
