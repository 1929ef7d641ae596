# Which of the module's assemblies a fresh PowerShell holds after Import-Module, and after the first cmdlet that
# needs the engine, or why the import failed; written as JSON for tests/WindowsPowerShell.Tests.ps1.
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'

function Get-ModuleAssembly {
    $names = 'O365ServiceComms', 'O365ServiceComms.LoadContext', 'O365ServiceComms.Shared', 'O365ServiceComms.Engine', 'Microsoft.Identity.Client', 'HtmlAgilityPack'
    @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in $names } | Sort-Object -Unique)
}

try { Import-Module $ModulePath }
catch {
    [ordered]@{ ImportError = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId; Commands = @(Get-Command -Module O365ServiceComms).Count } | ConvertTo-Json
    exit 1
}
$afterImport = Get-ModuleAssembly
# Not connected: the cmdlet reads the (empty) token store, which is the engine's, and signs nobody in.
$null = Get-O365ServiceCommsConnection
[ordered]@{ AfterImport = $afterImport; AfterFirstCmdlet = Get-ModuleAssembly } | ConvertTo-Json
