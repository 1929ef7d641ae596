<#
.SYNOPSIS
    Runs the Pester suite (tests/*.Tests.ps1) against the built module and writes the counts as JSON.
    build.ps1 -Task Test starts this in a pwsh of its own, with SSL_CERT_FILE set to the emulator's certificate.
#>
param(
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot)
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

# Pester comes from NuGet: the test project's restore downloads it into the global packages folder.
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
    ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}
$pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) { throw "Pester 5.7.1 is not restored ($pester). Run ./build.ps1 -Task Test, which restores it." }
Import-Module $pester -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration

# Tests that could not run (a failing BeforeAll, a broken file) count as failed.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# Skipped tests with the reason they give (Set-ItResult -Skipped -Because), so that the run can say why.
$skippedTests = @($result.Skipped | ForEach-Object {
        [pscustomobject]@{
            Block  = $_.Block.ExpandedPath
            Test   = $_.ExpandedPath
            Reason = (@($_.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' ') -replace '^is skipped, because ', ''
        }
    })
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount; SkippedTests = $skippedTests } |
    ConvertTo-Json -Depth 3 | Set-Content -Path $SummaryPath
exit ([int]($failed -gt 0))
