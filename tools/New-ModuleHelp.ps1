<#
.SYNOPSIS
    Builds the module's offline help with tools/MarkdownHelp.psm1 (used by build.ps1 when PlatyPS is not installed).
    Runs in a PowerShell of its own: it imports the built module to read the cmdlets' syntax.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MarkdownPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'MarkdownHelp.psm1')
$module = Import-Module $ModulePath -PassThru
# Get-Help looks for <file name of the cmdlets' assembly>-Help.xml.
$helpFile = @($module.ExportedCmdlets.Values)[0].HelpFile
New-MarkdownExternalHelp -Path $MarkdownPath -OutputPath $OutputPath -HelpFileName (Split-Path $helpFile -Leaf) |
    ForEach-Object { Write-Host "Help: $($_.FullName)" }
