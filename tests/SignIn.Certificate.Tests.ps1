# Certificate sign-in: -Certificate, -CertificatePath (PFX), -CertificateThumbprint (certificate store), and its errors.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SignInHelpers.psm1') -Force
    $script:Emulator = Start-Emulator

    $script:Certificate = New-TestCertificate -Subject 'CN=O365ServiceComms registered'
    $null = Register-EmulatorCertificate -Emulator $script:Emulator -ClientId $script:DemoTenant.ClientId -Certificate $script:Certificate
    $script:Unregistered = New-TestCertificate -Subject 'CN=O365ServiceComms unregistered'
    # Registered on the app, but past its end date: the sign-in service refuses the key.
    $script:Expired = New-TestCertificate -Subject 'CN=O365ServiceComms expired' -NotBefore ([datetimeoffset]::UtcNow.AddDays(-60)) -NotAfter ([datetimeoffset]::UtcNow.AddDays(-1))
    $null = Register-EmulatorCertificate -Emulator $script:Emulator -ClientId $script:DemoTenant.ClientId -Certificate $script:Expired

    $script:PfxPassword = 'Pfx~Password~8127'
    $script:PfxPath = Join-Path $TestDrive 'app.pfx'
    [IO.File]::WriteAllBytes($script:PfxPath, $script:Certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $script:PfxPassword))
    $script:CerPath = Join-Path $TestDrive 'app.cer'
    [IO.File]::WriteAllBytes($script:CerPath, $script:Certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Cert))

    $script:Endpoints = @{ AuthorityHost = $script:Emulator.BaseUri; GraphEndpoint = $script:Emulator.BaseUri }
    $script:App = @{ TenantId = $script:DemoTenant.TenantDomain; ClientId = $script:DemoTenant.ClientId }

    function Get-TokenRequest { @(Get-EmulatorRequest $script:Emulator | Where-Object path -like '*/oauth2/v2.0/token') }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'Connect-O365ServiceComms with a certificate' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'signs in with -Certificate, then reads status and messages on one token' {
        $connection = Connect-O365ServiceComms @script:App @script:Endpoints -Certificate $script:Certificate -PassThru
        $connection.AuthType | Should -Be 'Certificate'
        $connection.TenantGuid | Should -Be $script:DemoTenant.TenantId
        $connection.Roles | Should -Be @('ServiceHealth.Read.All', 'ServiceMessage.Read.All')
        @(Get-O365ServiceStatus).Count | Should -Be 27
        @(Get-O365ServiceMessage -MessageType MessageCenter).Count | Should -Be 141
        @(Get-O365ServiceMessage -Id LY197383).Messages.Count | Should -Be 4

        $tokens = Get-TokenRequest
        $tokens.Count | Should -Be 1
        $tokens[0].status | Should -Be 200
        $tokens[0].grantType | Should -Be 'client_credentials'
    }

    It 'signs in with -CertificatePath and -CertificatePassword (a PFX file)' {
        $password = ConvertTo-SecureString $script:PfxPassword -AsPlainText -Force
        $connection = Connect-O365ServiceComms @script:App @script:Endpoints -CertificatePath $script:PfxPath -CertificatePassword $password -PassThru
        $connection.AuthType | Should -Be 'Certificate'
        @(Get-O365ServiceStatus | Where-Object IncidentIds).Id | Should -Be @('Lync', 'OneDriveForBusiness', 'SharePoint')
        @(Get-O365ServiceMessage -MessageType Incident).Count | Should -Be 55
        (Get-TokenRequest).Count | Should -Be 1
    }

    It 'resolves -CertificatePath relative to the current location' {
        Push-Location $TestDrive
        try {
            $password = ConvertTo-SecureString $script:PfxPassword -AsPlainText -Force
            Connect-O365ServiceComms @script:App @script:Endpoints -CertificatePath './app.pfx' -CertificatePassword $password
        }
        finally { Pop-Location }
        (Get-O365ServiceCommsConnection).AuthType | Should -Be 'Certificate'
    }

    It 'signs in with -CertificateThumbprint from the CurrentUser\My store' {
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite')
        try {
            $store.Add($script:Certificate)
            # Thumbprints are often pasted with spaces, as certificate dialogs show them.
            $spaced = ($script:Certificate.Thumbprint.ToLowerInvariant() -split '(.{8})' | Where-Object { $_ }) -join ' '
            Connect-O365ServiceComms @script:App @script:Endpoints -CertificateThumbprint $spaced
            @(Get-O365ServiceStatus).Count | Should -Be 27
            @(Get-O365ServiceMessage -Id MC172851).Count | Should -Be 1
            (Get-TokenRequest).Count | Should -Be 1
        }
        finally {
            $store.Remove($script:Certificate)
            $store.Dispose()
        }
    }

    It 'sends a PS256 client assertion that names the certificate (checked by the emulator), never a secret' {
        Connect-O365ServiceComms @script:App @script:Endpoints -Certificate $script:Certificate
        $token = Get-TokenRequest
        $token.Count | Should -Be 1
        $token[0].status | Should -Be 200
        $token[0].clientId | Should -Be $script:DemoTenant.ClientId
        $token[0].clientAuthentication | Should -Be 'private_key_jwt:PS256'
        $token[0].scope | Should -Be "$($script:Emulator.BaseUri)/.default"
    }
}

Describe 'The emulator checks client assertions for real' {
    BeforeAll {
        $script:TokenUri = "$($script:Emulator.BaseUri)/$($script:DemoTenant.TenantDomain)/oauth2/v2.0/token"

        # A client assertion as MSAL builds one, signed with the key of -SigningCertificate and naming -NamedCertificate.
        function New-ClientAssertion {
            param($SigningCertificate, $NamedCertificate = $SigningCertificate, [string] $Audience = $script:TokenUri, [int] $ExpiresInSeconds = 600)
            $encode = { param([byte[]] $bytes) [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
            $now = [datetimeoffset]::UtcNow.ToUnixTimeSeconds()
            $header = @{ alg = 'PS256'; typ = 'JWT'; 'x5t#S256' = (& $encode $NamedCertificate.GetCertHash('SHA256')) } | ConvertTo-Json -Compress
            $payload = @{ aud = $Audience; iss = $script:DemoTenant.ClientId; sub = $script:DemoTenant.ClientId; jti = [guid]::NewGuid().ToString()
                nbf = "$($now - 60)"; exp = "$($now + $ExpiresInSeconds)" } | ConvertTo-Json -Compress
            $signingInput = '{0}.{1}' -f (& $encode ([Text.Encoding]::UTF8.GetBytes($header))), (& $encode ([Text.Encoding]::UTF8.GetBytes($payload)))
            $key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($SigningCertificate)
            $signature = $key.SignData([Text.Encoding]::ASCII.GetBytes($signingInput), 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pss)
            '{0}.{1}' -f $signingInput, (& $encode $signature)
        }

        function Invoke-AssertionGrant {
            param([string] $Assertion)
            $body = @{ grant_type = 'client_credentials'; client_id = $script:DemoTenant.ClientId; scope = "$($script:Emulator.BaseUri)/.default"
                client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'; client_assertion = $Assertion }
            $response = Invoke-WebRequest -Uri $script:TokenUri -Method Post -Body $body -SkipHttpErrorCheck
            [pscustomobject]@{ Status = [int]$response.StatusCode; Body = $response.Content | ConvertFrom-Json }
        }
    }

    It 'accepts a correct assertion' {
        $answer = Invoke-AssertionGrant (New-ClientAssertion $script:Certificate)
        $answer.Status | Should -Be 200
        $answer.Body.access_token | Should -Match '^eyJ'
    }

    It 'refuses <Case> with AADSTS<Code>' -ForEach @(
        @{ Case = 'a signature by another key'; Code = 700027; Make = { New-ClientAssertion -SigningCertificate $script:Unregistered -NamedCertificate $script:Certificate } }
        @{ Case = 'another audience'; Code = 700023; Make = { New-ClientAssertion $script:Certificate -Audience 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' } }
        @{ Case = 'an expired assertion'; Code = 700024; Make = { New-ClientAssertion $script:Certificate -ExpiresInSeconds -600 } }
        @{ Case = 'an unregistered certificate'; Code = 700027; Make = { New-ClientAssertion $script:Unregistered } }
        @{ Case = 'an expired registered certificate'; Code = 700027; Make = { New-ClientAssertion $script:Expired } }
    ) {
        $answer = Invoke-AssertionGrant (& $Make)
        $answer.Status | Should -Be 401
        $answer.Body.error | Should -Be 'invalid_client'
        $answer.Body.error_codes | Should -Be @($Code)
    }
}

Describe 'Certificate sign-in errors' {
    BeforeEach {
        Disconnect-O365ServiceComms -Force
        Reset-Emulator $script:Emulator
    }

    It 'CertificateExpired: names AADSTS700027, the certificate and what to do' {
        $result = Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -Certificate $script:Expired -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'CertificateExpired,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'AADSTS700027'
        $err.Exception.Message | Should -Match 'expired'
        $err.Exception.Message | Should -Match $script:Expired.Thumbprint
        $err.Exception.Message | Should -Match 'upload its public key'
        $result.Text | Should -Not -Match 'eyJ'
        $result.Text | Should -Not -Match 'BEGIN (RSA )?PRIVATE KEY'
        @(Get-O365ServiceCommsConnection).Count | Should -Be 0
    }

    It 'InvalidClientCertificate: a certificate not registered on the app' {
        $err = (Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -Certificate $script:Unregistered }).Error
        $err.FullyQualifiedErrorId | Should -Be 'InvalidClientCertificate,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $err.Exception.Message | Should -Match 'AADSTS700027'
        $err.Exception.Message | Should -Match 'not registered on this app'
        (Get-TokenRequest)[0].status | Should -Be 401
    }

    It 'CertificateNotFound: no certificate with the thumbprint in the store, and no request' {
        $thumbprint = $script:Unregistered.Thumbprint
        $result = Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -CertificateThumbprint $thumbprint -Verbose -Debug }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'CertificateNotFound,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $thumbprint
        $err.Exception.Message | Should -Match $thumbprint
        $err.Exception.Message | Should -Match 'CurrentUser\\My'
        $err.Exception.Message | Should -Match '-CertificatePath'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'refuses a thumbprint that is not one' {
        $err = (Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -CertificateThumbprint 'my-certificate' }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $err.Exception.Message | Should -Match '40 hexadecimal'
    }

    It 'CertificateNotReadable: a wrong PFX password, without showing the password' {
        $wrong = 'Wrong~Pfx~Password~5521'
        $result = Get-AllOutputText {
            Connect-O365ServiceComms @script:App @script:Endpoints -CertificatePath $script:PfxPath -CertificatePassword (ConvertTo-SecureString $wrong -AsPlainText -Force) -Verbose -Debug
        }
        $err = $result.Error
        $err.FullyQualifiedErrorId | Should -Be 'CertificateNotReadable,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        "$($err.CategoryInfo.Category)" | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match ([regex]::Escape($script:PfxPath))
        $err.Exception.Message | Should -Match '-CertificatePassword'
        $result.Text | Should -Not -Match ([regex]::Escape($wrong))
        $result.Text | Should -Not -Match ([regex]::Escape($script:PfxPassword))
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'CertificateNotReadable: a file that is not a PFX' {
        $notPfx = Join-Path $TestDrive 'notes.pfx'
        Set-Content -Path $notPfx -Value 'not a certificate'
        $err = (Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -CertificatePath $notPfx }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'CertificateNotReadable,*'
    }

    It 'CertificateNotFound: a PFX path that does not exist' {
        $missing = Join-Path $TestDrive 'missing.pfx'
        $err = (Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -CertificatePath $missing }).Error
        $err.FullyQualifiedErrorId | Should -BeLike 'CertificateNotFound,*'
        $err.Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'CertificateWithoutPrivateKey: the public .cer file cannot sign in' {
        $publicOnly = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificateFromFile($script:CerPath)
        $err = (Get-AllOutputText { Connect-O365ServiceComms @script:App @script:Endpoints -Certificate $publicOnly }).Error
        $err.FullyQualifiedErrorId | Should -Be 'CertificateWithoutPrivateKey,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $err.Exception.Message | Should -Match 'private key'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }
}
