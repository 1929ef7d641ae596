# Runs a script in a new PowerShell process (the same PowerShell as the tests), for what only a fresh process shows:
# assembly loading, an installed package. The emulator's certificate stays trusted through the inherited SSL_CERT_FILE.

function Invoke-FreshPwsh {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        # Variables the child must not inherit, e.g. SSL_CERT_FILE.
        [string[]] $RemoveEnvironment = @(),
        [int] $TimeoutSeconds = 120
    )
    $processPath = [Environment]::ProcessPath
    $start = [System.Diagnostics.ProcessStartInfo]::new($processPath)
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList) { $start.ArgumentList.Add([string]$argument) }
    foreach ($name in $RemoveEnvironment) { $null = $start.Environment.Remove($name) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string]$Environment[$name] }
    $start.Environment['NO_COLOR'] = '1'
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false

    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "$File did not finish within $TimeoutSeconds s."
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    }
    finally {
        $process.Dispose()
    }
}

# The NuGet global packages folder, where restore put Pester and the old MSAL.
# Asked of dotnet once per run (about a second of CPU time each): the first answer is kept in O365SC_NUGET_PACKAGES,
# which the Pester workers and the processes the tests start inherit.
function Get-NuGetPackagesPath {
    if ($env:O365SC_NUGET_PACKAGES) { return $env:O365SC_NUGET_PACKAGES }
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $env:O365SC_NUGET_PACKAGES = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $env:O365SC_NUGET_PACKAGES
}

Export-ModuleMember -Function Invoke-FreshPwsh, Get-NuGetPackagesPath
