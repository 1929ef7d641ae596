<#
    Run by Package.Tests.ps1 in a fresh pwsh whose PSResourceGet store is private (XDG_DATA_HOME): installs the module
    from a local folder repository with Save-PSResource, imports it from there and uses it. Writes JSON.
#>
param(
    [Parameter(Mandatory)] [string] $RepositoryPath,
    [Parameter(Mandatory)] [string] $InstallPath,
    [Parameter(Mandatory)] [string] $Version,
    [Parameter(Mandatory)] [string] $EmulatorUri,
    [Parameter(Mandatory)] [string] $TenantId,
    [Parameter(Mandatory)] [string] $ClientId,
    [Parameter(Mandatory)] [string] $ClientSecret
)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name Local -Uri $RepositoryPath -Trusted
$found = Find-PSResource -Name O365ServiceComms -Repository Local
New-Item -ItemType Directory -Path $InstallPath -Force | Out-Null
Save-PSResource -Name O365ServiceComms -Version $Version -Repository Local -Path $InstallPath -TrustRepository

$env:PSModulePath = $InstallPath + [IO.Path]::PathSeparator + $env:PSModulePath
$module = Import-Module O365ServiceComms -PassThru
$secret = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
Connect-O365ServiceComms -TenantId $TenantId -ClientId $ClientId -ClientSecret $secret -AuthorityHost $EmulatorUri -GraphEndpoint $EmulatorUri

[ordered]@{
    FoundVersion = $found.Version.ToString()
    ModuleBase   = $module.ModuleBase
    Version      = $module.Version.ToString()
    Cmdlets      = @($module.ExportedCmdlets.Keys | Sort-Object)
    Synopses     = @($module.ExportedCmdlets.Keys | ForEach-Object { (Get-Help $_).Synopsis })
    HelpFiles    = @($module.ExportedCmdlets.Values | ForEach-Object { Split-Path $_.HelpFile -Leaf } | Sort-Object -Unique)
    HelpFileThere = Test-Path (Join-Path $module.ModuleBase 'en-US/O365ServiceComms.dll-Help.xml')
    Description  = ((Get-Help Get-O365ServiceStatus -Full).description.Text -join ' ')
    About        = (Get-Help about_O365ServiceComms | Out-String)
    StatusCount  = @(Get-O365ServiceStatus).Count
} | ConvertTo-Json -Depth 4
