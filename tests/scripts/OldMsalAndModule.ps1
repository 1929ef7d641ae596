<#
    Run by Isolation.Tests.ps1 in a fresh pwsh: an older MSAL (4.61.3, with IdentityModel.Abstractions 6.35.0, as
    Az.Accounts or ExchangeOnlineManagement bring them) is loaded and used before or after this module is imported,
    connected and queried. Writes what happened as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PackagesPath,
    [Parameter(Mandatory)] [string] $EmulatorUri,
    [Parameter(Mandatory)] [ValidateSet('OldMsalFirst', 'ModuleFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $TenantId,
    [Parameter(Mandatory)] [string] $ClientId,
    [Parameter(Mandatory)] [string] $ClientSecret
)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}

function Use-OldMsal([string] $Step) {
    if (-not ('Microsoft.Identity.Client.ConfidentialClientApplicationBuilder' -as [type])) {
        Add-Type -Path (Join-Path $PackagesPath 'microsoft.identitymodel.abstractions/6.35.0/lib/net6.0/Microsoft.IdentityModel.Abstractions.dll')
        Add-Type -Path (Join-Path $PackagesPath 'microsoft.identity.client/4.61.3/lib/net6.0/Microsoft.Identity.Client.dll')
    }
    $app = [Microsoft.Identity.Client.ConfidentialClientApplicationBuilder]::Create($ClientId).
        WithClientSecret($ClientSecret).
        WithAuthority("$EmulatorUri/$TenantId", $false).
        WithInstanceDiscovery($false).
        Build()
    $token = $app.AcquireTokenForClient([string[]]@("$EmulatorUri/.default")).WithForceRefresh($true).ExecuteAsync().GetAwaiter().GetResult()
    $result["OldMsal$Step"] = [ordered]@{
        Version    = [Microsoft.Identity.Client.ConfidentialClientApplication].Assembly.GetName().Version.ToString()
        TokenFound = -not [string]::IsNullOrEmpty($token.AccessToken)
    }
}

function Use-Module {
    Import-Module $ModulePath
    $secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
    Connect-O365ServiceComms -TenantId $TenantId -ClientId $ClientId -ClientSecret $secret -AuthorityHost $EmulatorUri -GraphEndpoint $EmulatorUri
    $status = @(Get-O365ServiceStatus)
    $messages = @(Get-O365ServiceMessage)
    $result.StatusCount = $status.Count
    $result.LyncStatus = ($status | Where-Object Id -eq 'Lync').Status
    $result.StatusIsTyped = $status[0] -is [O365ServiceComms.ServiceStatus]
    $result.MessageCount = $messages.Count
    # Reading a post's text makes the module parse its HTML (HtmlAgilityPack, loaded on first use).
    $result.LyncPostText = ($messages | Where-Object Id -eq 'LY197383').Messages[0].MessageText
}

if ($Order -eq 'OldMsalFirst') { Use-OldMsal 'Before'; Use-Module; Use-OldMsal 'After' }
else { Use-Module; Use-OldMsal 'After' }

$result.Assemblies = @([AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -in 'Microsoft.Identity.Client', 'Microsoft.IdentityModel.Abstractions', 'Newtonsoft.Json', 'O365ServiceComms', 'O365ServiceComms.Shared', 'O365ServiceComms.Engine', 'HtmlAgilityPack' } |
        ForEach-Object {
            [ordered]@{
                Name    = $_.GetName().Name
                Version = $_.GetName().Version.ToString()
                Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
                Folder  = Split-Path (Split-Path $_.Location) -Leaf
            }
        })
$result | ConvertTo-Json -Depth 5
