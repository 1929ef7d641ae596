# Loads the cmdlets of O365ServiceComms. PowerShell 7 gets them in the module's own AssemblyLoadContext with MSAL and
# the other dependencies, so that other modules' MSAL (Az.Accounts, Microsoft.Graph, ExchangeOnlineManagement) and
# this one's never meet, whatever the import order. Windows PowerShell 5.1 loads the .NET Framework build directly.
# Written for both editions: no PowerShell 7 syntax here. Kept to plain statements: every construct a script module
# uses costs its first-use compile at import (an advanced function or a [version] comparison cost ~0.1 s together).

# The build an edition loads: Windows PowerShell runs on .NET Framework 4.7.2 or later, PowerShell 7.4+ on .NET 8+.
function Get-ServiceCommsBinPath($Edition) {
    if ($Edition -eq 'Desktop') { "$PSScriptRoot/bin/net472" } else { "$PSScriptRoot/bin/net8.0" }
}

# PowerShell 7.0 to 7.3 run on .NET 7 or older.
if ($PSEdition -eq 'Core' -and [Environment]::Version.Major -lt 8) {
    throw "O365ServiceComms needs PowerShell 7.4 or later (it runs on .NET 8), or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
}

# The loader and the public output types live in O365ServiceComms.Shared.dll, the one assembly in the default context.
# Assembly.LoadFrom rather than Add-Type: the same default-context load, without Add-Type's start-up cost.
$isReload = [bool]('O365ServiceComms.Loader.ModuleLoader' -as [type])
if (-not $isReload) {
    $null = [System.Reflection.Assembly]::LoadFrom((Get-ServiceCommsBinPath $PSEdition) + '/O365ServiceComms.Shared.dll')
}

$cmdletModule = Microsoft.PowerShell.Core\Import-Module -Assembly ([O365ServiceComms.Loader.ModuleLoader]::LoadCmdletAssembly()) -PassThru:$isReload

if ($cmdletModule) {
    # On a second import in the same process, Import-Module -Assembly returns its cached module without adding the
    # cmdlets to this module's exports (PowerShell/PowerShell#20710): add them here.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $cmdletModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet)) | Out-Null
    }
}
