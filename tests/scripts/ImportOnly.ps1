# Which of the module's assemblies a fresh PowerShell holds after Import-Module, once the background warm-up had time
# to load the engine and MSAL (PowerShell 7), and after the first cmdlet that needs the engine, or why the import
# failed; written as JSON for tests/WindowsPowerShell.Tests.ps1.
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'

$names = 'O365ServiceComms', 'O365ServiceComms.LoadContext', 'O365ServiceComms.Shared', 'O365ServiceComms.Engine', 'Microsoft.Identity.Client', 'HtmlAgilityPack'
function Get-ModuleAssembly {
    @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in $names } | Sort-Object -Unique)
}

try { Import-Module $ModulePath }
catch {
    [ordered]@{ ImportError = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId; Commands = @(Get-Command -Module O365ServiceComms).Count } | ConvertTo-Json
    exit 1
}
$afterImport = Get-ModuleAssembly
# The warm-up thread ("O365ServiceComms warm-up", which Linux shortens to 15 characters) is done when it is gone.
$deadline = [datetime]::UtcNow.AddSeconds(20)
do {
    Start-Sleep -Milliseconds 50
    $warmUpRunning = @(Get-ChildItem "/proc/$PID/task" | Where-Object { (Get-Content "$($_.FullName)/comm" -ErrorAction Ignore) -like 'O365ServiceComm*' }).Count -gt 0
} while ($warmUpRunning -and [datetime]::UtcNow -lt $deadline)
$afterWarmUp = Get-ModuleAssembly
$contexts = [ordered]@{}
foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'O365ServiceComms.Engine', 'Microsoft.Identity.Client' }) {
    $contexts[$assembly.GetName().Name] = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
}
# Not connected: the cmdlet reads the (empty) token store, which is the engine's, and signs nobody in.
$connections = @(Get-O365ServiceCommsConnection).Count
[ordered]@{
    AfterImport      = $afterImport
    WarmUpEnded      = -not $warmUpRunning
    AfterWarmUp      = $afterWarmUp
    LoadContexts     = $contexts
    Connections      = $connections
    AfterFirstCmdlet = Get-ModuleAssembly
} | ConvertTo-Json
