# Dot-sourced by every *.Tests.ps1 in BeforeAll: the built module and the emulator helpers.
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$script:RepoRoot = Split-Path $PSScriptRoot -Parent
$script:ModulePath = Join-Path $script:RepoRoot 'out/O365ServiceComms'
Import-Module (Join-Path $PSScriptRoot 'EmulatorHost.psm1') -Force
Import-Module $script:ModulePath -Force
$script:DemoTenant = Get-DemoTenant
