# O365SC_TRUSTED_ROOTS: the module trusts a CA named there on top of the system's, on any OS, in a process that has no
# SSL_CERT_FILE (which only OpenSSL reads); without it the emulator's certificate is refused with a hint. Validation is
# never switched off: a wrong file is an error of its own.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:Demo = Get-DemoTenant

    function Invoke-Connect([hashtable] $Environment) {
        $run = Invoke-FreshPwsh -File (Join-Path $PSScriptRoot 'scripts/ConnectWithTrustedRoots.ps1') -Environment $Environment `
            -RemoveEnvironment @('SSL_CERT_FILE', 'O365SC_TRUSTED_ROOTS') -ArgumentList @(
                '-ModulePath', $script:ModulePath, '-EmulatorUri', $script:Emulator.BaseUri, '-TenantId', $script:Demo.TenantDomain,
                '-ClientId', $script:Demo.ClientId, '-ClientSecret', $script:Demo.ClientSecret)
        if ($run.ExitCode -ne 0) { throw "The child pwsh failed (exit code $($run.ExitCode)): $($run.Error) $($run.Output)" }
        $run.Output | ConvertFrom-Json
    }
}

AfterAll {
    Stop-Emulator $script:Emulator
}

Describe 'O365SC_TRUSTED_ROOTS' {
    It 'connects and reads when it names the emulator''s CA' {
        $result = Invoke-Connect @{ O365SC_TRUSTED_ROOTS = $script:Emulator.CertificatePath }
        $result.ErrorId | Should -BeNullOrEmpty
        $result.Services | Should -Be 27
    }

    It 'fails with a certificate error, and says what to do, without it' {
        $result = Invoke-Connect @{}
        $result.ErrorId | Should -Be 'SignInEndpointUnreachable,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $result.Message | Should -Match 'O365SC_TRUSTED_ROOTS'
        $result.Services | Should -Be 0
    }

    It 'stops Connect when it names a file that is not there' {
        $missing = Join-Path ([IO.Path]::GetTempPath()) "o365sc-no-such-ca-$([guid]::NewGuid()).pem"
        $result = Invoke-Connect @{ O365SC_TRUSTED_ROOTS = $missing }
        $result.ErrorId | Should -Be 'TrustedRootsNotUsable,O365ServiceComms.Cmdlets.ConnectO365ServiceCommsCommand'
        $result.Message | Should -Match ([regex]::Escape($missing))
    }
}
