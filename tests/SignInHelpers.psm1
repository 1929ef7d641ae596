# Helpers for the sign-in tests: test certificates, ready tokens, the user's side of a device code sign-in, a scripted
# browser, and a check that no secret reaches any output stream. Everything talks only to the emulator on 127.0.0.1.

# The emulator's second tenant and the sign-in identities of its demo tenant (see tests/O365ServiceComms.Emulator).
$script:SignIn = [pscustomobject]@{
    PublicClientId          = 'c2f7a9d4-3b6e-4f1a-8d5c-7e9b0a2c4f61'
    PublicNoConsentClientId = 'a8e3f1c6-5d2b-4a9e-b7c0-1f4d6e8a2b39'
    UserPrincipalName       = 'adele@contoso.onmicrosoft.com'
    SystemAssignedClientId  = '1b4e7d2a-9c3f-4e8b-a6d1-2f5c8b0e3a74'
    UserAssignedClientId    = '6d9a2c5e-1f8b-4d3a-9e7c-4b0f2a6d8c15'
}
$script:Fabrikam = [pscustomobject]@{
    TenantId       = '3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63'
    TenantDomain   = 'fabrikam.onmicrosoft.com'
    ClientId       = '9d1c3a55-0f7e-4c2b-8a61-2b7d4e9f3c08'
    # Not a secret: the emulator's test app.
    ClientSecret   = 'Fabrikam~Secret~5550123'
    PublicClientId = '4e6a8c0b-2d4f-4a6c-8e0a-3b5d7f9a1c27'
}

function Get-SignInTestData { $script:SignIn }
function Get-FabrikamTenant { $script:Fabrikam }

# A self-signed RSA certificate with its private key, made here: New-SelfSignedCertificate exists only on Windows.
function New-TestCertificate {
    param(
        [string] $Subject = 'CN=O365ServiceComms test',
        [datetimeoffset] $NotBefore = [datetimeoffset]::UtcNow.AddDays(-1),
        [datetimeoffset] $NotAfter = [datetimeoffset]::UtcNow.AddDays(30)
    )
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    try {
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
            $Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $created = $request.CreateSelfSigned($NotBefore, $NotAfter)
        # Round-trip through PFX so the key is usable on every platform, as a certificate loaded from a file is.
        $pfx = $created.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx)
        $created.Dispose()
        [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12($pfx, $null,
            [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable)
    }
    finally { $rsa.Dispose() }
}

# Uploads the certificate's public part to an app registration of the emulator, as an admin does in the portal.
function Register-EmulatorCertificate {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $ClientId, [Parameter(Mandatory)] $Certificate)
    $body = @{ certificate = [Convert]::ToBase64String($Certificate.RawData) }
    Invoke-EmulatorControl -Emulator $Emulator -Path "apps/$ClientId/certificates" -Method Post -Body $body
}

# Points MSAL at the emulator's managed identity endpoint, as Azure Automation and App Service do.
function Set-ManagedIdentityEnvironment {
    param([Parameter(Mandatory)] $Emulator)
    $endpoint = Invoke-EmulatorControl -Emulator $Emulator -Path 'managedidentity'
    $env:IDENTITY_ENDPOINT = $endpoint.endpoint
    $env:IDENTITY_HEADER = $endpoint.header
    $endpoint
}

function Clear-ManagedIdentityEnvironment {
    Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction Ignore
}

# A token straight from the emulator's token endpoint, as Get-AzAccessToken or a pipeline would hand one over.
function Get-EmulatorAccessToken {
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $TenantId = 'contoso.onmicrosoft.com',
        [string] $ClientId = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
        [string] $ClientSecret = 'Demo~Secret~0123456789',
        [string] $Resource = $Emulator.BaseUri
    )
    $body = @{ grant_type = 'client_credentials'; client_id = $ClientId; client_secret = $ClientSecret; scope = "$Resource/.default" }
    (Invoke-RestMethod -Uri "$($Emulator.BaseUri)/$TenantId/oauth2/v2.0/token" -Method Post -Body $body).access_token
}

# An unsigned JWT with the given claims: enough for the checks Connect makes before a token is ever sent.
function New-UnsignedJwt {
    param([Parameter(Mandatory)] [hashtable] $Claims)
    $encode = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    '{0}.{1}.{2}' -f (& $encode '{"typ":"JWT","alg":"none"}'), (& $encode ($Claims | ConvertTo-Json -Compress)), 'c2lnbmF0dXJl'
}

# The user's side of a device code sign-in, in a runspace of its own: waits for the code the emulator handed out,
# then approves, declines or expires it. Receive-DeviceCodeUser returns the user code it acted on.
function Start-DeviceCodeUser {
    param(
        [Parameter(Mandatory)] $Emulator,
        [ValidateSet('approve', 'decline', 'expire')] [string] $Action = 'approve',
        [string] $User,
        [int] $AfterPolls = 1
    )
    $powershell = [powershell]::Create()
    $null = $powershell.AddScript({
            param($BaseUri, $Action, $User, $AfterPolls)
            $ErrorActionPreference = 'Stop'
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ([datetime]::UtcNow -lt $deadline) {
                $pending = @(Invoke-RestMethod "$BaseUri/_emulator/devicecode" | ForEach-Object { $_ } | Where-Object userCode)
                # Let the client poll (and hear authorization_pending) before the user answers.
                if ($pending.Count -gt 0 -and $pending[0].polls -ge $AfterPolls) {
                    $body = @{ userCode = $pending[0].userCode }
                    if ($User) { $body.user = $User }
                    $null = Invoke-RestMethod "$BaseUri/_emulator/devicecode/$Action" -Method Post -ContentType 'application/json' -Body ($body | ConvertTo-Json)
                    return $pending[0].userCode
                }
                Start-Sleep -Milliseconds 100
            }
            throw 'No device code was requested within 30 seconds.'
        }).AddArgument($Emulator.BaseUri).AddArgument($Action).AddArgument($User).AddArgument($AfterPolls)
    [pscustomobject]@{ PowerShell = $powershell; Handle = $powershell.BeginInvoke() }
}

function Receive-DeviceCodeUser {
    param([Parameter(Mandatory)] $DeviceCodeUser)
    try { $DeviceCodeUser.PowerShell.EndInvoke($DeviceCodeUser.Handle) | Select-Object -Last 1 }
    finally { $DeviceCodeUser.PowerShell.Dispose() }
}

# A stand-in for the system browser on Linux: an xdg-open on PATH that loads the sign-in page with curl and posts the
# form it answers with (response_mode=form_post) to MSAL's loopback redirect URI.
function New-ScriptedBrowser {
    param([Parameter(Mandatory)] [string] $Directory)
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $script = Join-Path $Directory 'xdg-open'
    $log = Join-Path $Directory 'browser.log'
    @"
#!/bin/sh
(
  echo "open `$1"
  page=`$(curl -sS --max-time 20 --cacert "`$SSL_CERT_FILE" "`$1")
  action=`$(printf '%s' "`$page" | sed -n 's/.*<form[^>]*action="\([^"]*\)".*/\1/p')
  set --
  for pair in `$(printf '%s' "`$page" | grep -o '<input type="hidden" name="[^"]*" value="[^"]*"' | sed 's/.*name="\([^"]*\)" value="\([^"]*\)"/\1=\2/'); do
    set -- "`$@" --data-urlencode "`$pair"
  done
  echo "post `$action"
  curl -sS --max-time 20 -o /dev/null "`$@" "`$action"
) >>'$log' 2>&1 &
"@ -replace "`r", '' | Set-Content -Path $script -NoNewline
    & chmod +x $script
    [pscustomobject]@{ Directory = $Directory; Log = $log }
}

# Everything a command writes, on every stream, with -Verbose and -Debug, plus its terminating error in all the forms
# a user could see (the record, its exception chain, its error details): to check that no secret is among them.
function Get-AllOutputText {
    param([Parameter(Mandatory)] [scriptblock] $Command)
    $VerbosePreference = 'Continue'
    $DebugPreference = 'Continue'
    $text = [System.Collections.Generic.List[string]]::new()
    $caught = $null
    try {
        # Streamed, so that what was written before a terminating error is kept.
        & $Command *>&1 | ForEach-Object {
            $text.Add(($_ | Out-String))
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $text.Add($_.Exception.ToString()) }
            else { $text.Add(($_ | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue)) }
        }
    }
    catch { $caught = $_ }
    if ($caught) {
        $text.Add(($caught | Out-String))
        $text.Add(($caught | Format-List * -Force | Out-String))
        $text.Add($caught.Exception.ToString())
        if ($caught.ErrorDetails) { $text.Add($caught.ErrorDetails.Message) }
    }
    [pscustomobject]@{ Text = $text -join "`n"; Error = $caught }
}

Export-ModuleMember -Function Get-SignInTestData, Get-FabrikamTenant, New-TestCertificate, Register-EmulatorCertificate,
    Set-ManagedIdentityEnvironment, Clear-ManagedIdentityEnvironment, Get-EmulatorAccessToken, New-UnsignedJwt,
    Start-DeviceCodeUser, Receive-DeviceCodeUser, New-ScriptedBrowser, Get-AllOutputText
