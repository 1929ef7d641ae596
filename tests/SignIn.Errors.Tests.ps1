# Sign-in errors of the client secret sign-in and of Graph, with -Verbose and -Debug on: each has its id, category,
# reason and advice, and no secret or token reaches any stream. (The other sign-ins test theirs in their own files.)
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Sign-in errors under -Verbose and -Debug' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It '<ErrorId> for <Case>' -ForEach @(
        @{ Case = 'a wrong secret'; Tenant = 'contoso.onmicrosoft.com'; Client = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'; Secret = 'Wrong~Secret~31337'
            ErrorId = 'InvalidClientSecret'; Category = 'AuthenticationError'; Reason = 'AADSTS7000215'; Advice = 'secret''s value' }
        @{ Case = 'an unknown tenant'; Tenant = 'northwind.onmicrosoft.com'; Client = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'; Secret = 'Demo~Secret~0123456789'
            ErrorId = 'TenantNotFound'; Category = 'ObjectNotFound'; Reason = 'AADSTS90002'; Advice = 'right cloud' }
        @{ Case = 'an unknown app'; Tenant = 'contoso.onmicrosoft.com'; Client = '00000000-1111-2222-3333-444444444444'; Secret = 'Unknown~App~Secret~7'
            ErrorId = 'ApplicationNotFound'; Category = 'ObjectNotFound'; Reason = 'AADSTS700016'; Advice = 'application \(client\) id' }
    ) {
        $result = Get-AllOutputText {
            $secure = ConvertTo-SecureString $Secret -AsPlainText -Force
            Connect-O365ServiceComms -TenantId $Tenant -ClientId $Client -ClientSecret $secure `
                -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint $script:Emulator.BaseUri -Verbose -Debug
        }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand"
        "$($err.CategoryInfo.Category)" | Should -Be $Category
        $err.Exception.Message | Should -Match $Reason
        $err.Exception.Message | Should -Match $Advice
        $result.Text | Should -Match 'Signing in to tenant'
        $result.Text | Should -Not -Match ([regex]::Escape($Secret))
        $result.Text | Should -Not -Match 'eyJ'
    }

    It 'MissingPermission: Graph answers 403 for an app without admin consent, naming the permission' {
        Connect-DemoTenant -Emulator $script:Emulator -ClientId $script:DemoTenant.NoConsentClientId -ClientSecret $script:DemoTenant.NoConsentClientSecret
        $result = Get-AllOutputText { Get-O365ServiceStatus -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'MissingPermission,O365ServiceComms.Cmdlets.GetO365ServiceStatusCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'ServiceHealth\.Read\.All'
        $err.Exception.Message | Should -Match 'Grant admin consent'
        $result.Text | Should -Match 'GET https:\S+ -> 403'
        $result.Text | Should -Not -Match ([regex]::Escape($script:DemoTenant.NoConsentClientSecret))
        $result.Text | Should -Not -Match 'eyJ'
    }

    It 'shows no token or secret in a connection of any sign-in, nor in its JSON' {
        $certificate = New-TestCertificate
        $null = Register-EmulatorCertificate -Emulator $script:Emulator -ClientId $script:DemoTenant.ClientId -Certificate $certificate
        $token = Get-EmulatorAccessToken -Emulator $script:Emulator
        $connections = @(
            Connect-DemoTenant -Emulator $script:Emulator -PassThru
            Connect-O365ServiceComms -TenantId $script:DemoTenant.TenantId -ClientId $script:DemoTenant.ClientId -Certificate $certificate `
                -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint $script:Emulator.BaseUri -PassThru
            Connect-O365ServiceComms -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) -GraphEndpoint $script:Emulator.BaseUri -PassThru
        )
        $text = ($connections | Format-List * -Force | Out-String) + ($connections | ConvertTo-Json -Depth 5)
        $text | Should -Not -Match 'eyJ'
        $text | Should -Not -Match ([regex]::Escape($script:DemoTenant.ClientSecret))
        $text | Should -Not -Match 'PRIVATE KEY'
    }
}
