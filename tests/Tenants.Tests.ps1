# Several tenants side by side: one connection each, found by tenant id or by the domain it was connected with.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:Fabrikam = Get-FabrikamTenant

    function Connect-Fabrikam([string] $TenantId = $script:Fabrikam.TenantId) {
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $TenantId -ClientId $script:Fabrikam.ClientId -ClientSecret $script:Fabrikam.ClientSecret
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Two tenants in one session' {
    BeforeAll {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
        # Contoso by its domain, Fabrikam by its id; Fabrikam is the latest, so the default.
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
        $script:ContosoStatus = @(Get-O365ServiceStatus -TenantId $script:DemoTenant.TenantDomain)
        $script:ContosoById = @(Get-O365ServiceStatus -TenantId $script:DemoTenant.TenantId)
        $script:FabrikamStatus = @(Get-O365ServiceStatus -TenantId $script:Fabrikam.TenantId)
        $script:DefaultStatus = @(Get-O365ServiceStatus)
        $script:FabrikamMessages = @(Get-O365ServiceMessage -TenantId $script:Fabrikam.TenantId)
        $script:ContosoIncident = @(Get-O365ServiceMessage -Id LY197383 -TenantId $script:DemoTenant.TenantDomain)
        $script:Requests = @(Get-EmulatorRequest $script:Emulator)
    }

    It 'gives each tenant its own data' {
        $script:ContosoStatus.Count | Should -Be 27
        $script:FabrikamStatus.Count | Should -Be 5
        @($script:FabrikamStatus | Where-Object IncidentIds).Id | Should -Be @('Exchange')
        ($script:FabrikamStatus | Where-Object Id -eq Exchange).IncidentIds | Should -Be @('EX198112')
        @($script:ContosoStatus | Where-Object IncidentIds).Id | Should -Be @('Lync', 'OneDriveForBusiness', 'SharePoint')
        $script:FabrikamMessages.Id | Should -Be @('EX198112', 'TM198004', 'EX197903', 'MC198201', 'MC198203', 'MC198202')
        $script:ContosoIncident.Count | Should -Be 1
    }

    It 'labels every object with the tenant it came from' {
        $script:FabrikamStatus.TenantId | Select-Object -Unique | Should -Be $script:Fabrikam.TenantId
        $script:ContosoStatus.TenantId | Select-Object -Unique | Should -Be $script:DemoTenant.TenantDomain
        $script:FabrikamMessages.TenantId | Select-Object -Unique | Should -Be $script:Fabrikam.TenantId
    }

    It 'finds a connection made with a domain by the tenant id as well' {
        $script:ContosoById.Count | Should -Be 27
        $script:ContosoById[0].TenantId | Should -Be $script:DemoTenant.TenantDomain
    }

    It 'uses the latest connection without -TenantId' {
        $script:DefaultStatus.Count | Should -Be 5
    }

    It 'requests one token per tenant, each reused' {
        $tokens = @($script:Requests | Where-Object path -like '*/oauth2/v2.0/token')
        $tokens.Count | Should -Be 2
        @($tokens.clientId) | Should -Be @($script:DemoTenant.ClientId, $script:Fabrikam.ClientId)
        @($tokens.path) | Should -Be @("/$($script:DemoTenant.TenantDomain)/oauth2/v2.0/token", "/$($script:Fabrikam.TenantId)/oauth2/v2.0/token")
    }

    It 'lists both connections with tenant, app, sign-in, cloud, endpoint, roles and expiry' {
        $connections = @(Get-O365ServiceCommsConnection)
        $connections.Count | Should -Be 2
        $connections.TenantId | Should -Be @($script:DemoTenant.TenantDomain, $script:Fabrikam.TenantId)
        $connections.TenantGuid | Should -Be @([guid]$script:DemoTenant.TenantId, [guid]$script:Fabrikam.TenantId)
        $connections.ClientId | Should -Be @($script:DemoTenant.ClientId, $script:Fabrikam.ClientId)
        $connections | ForEach-Object {
            $_.AuthType | Should -Be 'ClientSecret'
            $_.Environment | Should -Be 'Custom'
            $_.GraphEndpoint | Should -Be ([uri]$script:Emulator.BaseUri)
            $_.Roles | Should -Be @('ServiceHealth.Read.All', 'ServiceMessage.Read.All')
            $_.TokenExpiresOn | Should -BeGreaterThan (Get-Date)
        }
        $table = Get-O365ServiceCommsConnection | Out-String -Width 200
        $table | Should -Match 'Default\s+TenantId\s+AuthType\s+TokenExpiresOn'
        $table | Should -Match ([regex]::Escape($script:Fabrikam.TenantId))
    }

    It 'Get-O365ServiceCommsConnection -TenantId matches the tenant id of a connection made with a domain' {
        (Get-O365ServiceCommsConnection -TenantId $script:DemoTenant.TenantId).TenantId | Should -Be $script:DemoTenant.TenantDomain
        (Get-O365ServiceCommsConnection -TenantId 'b0b8e1f4-*').TenantId | Should -Be $script:DemoTenant.TenantDomain
        @(Get-O365ServiceCommsConnection -TenantId '*.onmicrosoft.com').Count | Should -Be 1
    }

    It 'names the connected tenants when asked for another' {
        $err = $null
        try { Get-O365ServiceStatus -TenantId northwind.onmicrosoft.com } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        $err.Exception.Message | Should -Match ([regex]::Escape($script:DemoTenant.TenantDomain))
        $err.Exception.Message | Should -Match ([regex]::Escape($script:Fabrikam.TenantId))
    }
}

Describe 'Connecting and disconnecting several tenants' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'replaces the connection to a tenant connected again under its other name' {
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantDomain
        Connect-Fabrikam
        Connect-DemoTenant -Emulator $script:Emulator -TenantId $script:DemoTenant.TenantId
        $connections = @(Get-O365ServiceCommsConnection)
        $connections.TenantId | Should -Be @($script:Fabrikam.TenantId, $script:DemoTenant.TenantId)
        @(Get-O365ServiceStatus).Count | Should -Be 27
    }

    It 'keeps sign-in kinds apart: a certificate for one tenant, a secret for the other' {
        $certificate = New-TestCertificate
        $null = Register-EmulatorCertificate -Emulator $script:Emulator -ClientId $script:Fabrikam.ClientId -Certificate $certificate
        Connect-O365ServiceComms -TenantId $script:Fabrikam.TenantDomain -ClientId $script:Fabrikam.ClientId -Certificate $certificate `
            -AuthorityHost $script:Emulator.BaseUri -GraphEndpoint $script:Emulator.BaseUri
        Connect-DemoTenant -Emulator $script:Emulator
        (Get-O365ServiceCommsConnection).AuthType | Should -Be @('Certificate', 'ClientSecret')
        @(Get-O365ServiceStatus -TenantId $script:Fabrikam.TenantDomain).Count | Should -Be 5
        @(Get-O365ServiceStatus -TenantId $script:Fabrikam.TenantId).Count | Should -Be 5
        @(Get-O365ServiceStatus).Count | Should -Be 27
    }

    It 'Disconnect -TenantId removes the named tenants, by id or domain, and reports unknown ones' {
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
        $errors = @()
        Disconnect-O365ServiceComms -TenantId $script:DemoTenant.TenantId, 'northwind.onmicrosoft.com' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TenantNotConnected,*'
        $errors[0].TargetObject | Should -Be 'northwind.onmicrosoft.com'
        (Get-O365ServiceCommsConnection).TenantId | Should -Be $script:Fabrikam.TenantId
        Disconnect-O365ServiceComms -TenantId $script:Fabrikam.TenantId
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'Disconnect without -TenantId removes them all; connections piped in are removed one by one' {
        Connect-DemoTenant -Emulator $script:Emulator
        Connect-Fabrikam
        Get-O365ServiceCommsConnection -TenantId $script:Fabrikam.TenantId | Disconnect-O365ServiceComms
        (Get-O365ServiceCommsConnection).TenantId | Should -Be $script:DemoTenant.TenantDomain
        Connect-Fabrikam
        Disconnect-O365ServiceComms -Force
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }
}
