# Admin shells often hold Az.Accounts, Microsoft.Graph or ExchangeOnlineManagement, each with its own MSAL. On
# PowerShell 7 this module keeps MSAL, IdentityModel.Abstractions and HtmlAgilityPack in a load context of its own, so
# an older MSAL loaded before or after it keeps working, and so does this module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    $script:Emulator = Start-Emulator
    $script:Packages = Get-NuGetPackagesPath
    $oldMsal = Join-Path $script:Packages 'microsoft.identity.client/4.61.3/lib/net6.0/Microsoft.Identity.Client.dll'
    if (-not (Test-Path $oldMsal)) { throw "MSAL 4.61.3 is not restored ($oldMsal); the test project's restore fetches it." }

    function Invoke-Scenario([string] $Order) {
        $run = Invoke-FreshPwsh -File (Join-Path $PSScriptRoot 'scripts/OldMsalAndModule.ps1') -ArgumentList @(
            '-ModulePath', $script:ModulePath, '-PackagesPath', $script:Packages, '-EmulatorUri', $script:Emulator.BaseUri,
            '-Order', $Order, '-TenantId', $script:DemoTenant.TenantDomain, '-ClientId', $script:DemoTenant.ClientId,
            '-ClientSecret', $script:DemoTenant.ClientSecret)
        if ($run.ExitCode -ne 0) { throw "The $Order scenario failed (exit code $($run.ExitCode)): $($run.Error) $($run.Output)" }
        $run.Output | ConvertFrom-Json
    }

    function Get-LoadedAssembly($Result, [string] $Name) { @($Result.Assemblies | Where-Object Name -eq $Name) }
}

AfterAll {
    Stop-Emulator $script:Emulator
}

Describe 'An older MSAL loaded and used first, then this module' {
    BeforeAll {
        $script:Result = Invoke-Scenario 'OldMsalFirst'
    }

    It 'lets the older MSAL get a token before and after the module is used' {
        $script:Result.OldMsalBefore.Version | Should -Be '4.61.3.0'
        $script:Result.OldMsalBefore.TokenFound | Should -BeTrue
        $script:Result.OldMsalAfter.Version | Should -Be '4.61.3.0'
        $script:Result.OldMsalAfter.TokenFound | Should -BeTrue
    }

    It 'connects and reads status and messages with its own MSAL' {
        $script:Result.StatusCount | Should -Be 27
        $script:Result.LyncStatus | Should -Be 'ServiceDegradation'
        $script:Result.StatusIsTyped | Should -BeTrue
        $script:Result.MessageCount | Should -Be 196
        $script:Result.LyncPostText | Should -Match "^Title: Can't send messages"
    }

    It 'holds MSAL <Name> <Version> in the <Context> context' -ForEach @(
        @{ Name = 'Microsoft.Identity.Client'; Version = '4.61.3.0'; Context = 'Default' }
        @{ Name = 'Microsoft.Identity.Client'; Version = '4.92.0.0'; Context = 'O365ServiceComms' }
        @{ Name = 'Microsoft.IdentityModel.Abstractions'; Version = '6.35.0.0'; Context = 'Default' }
        @{ Name = 'Microsoft.IdentityModel.Abstractions'; Version = '8.14.0.0'; Context = 'O365ServiceComms' }
    ) {
        $loaded = Get-LoadedAssembly $script:Result $Name
        $loaded.Count | Should -Be 2 -Because 'the shell and the module each have their own copy'
        @($loaded | Where-Object { $_.Version -eq $Version -and $_.Context -eq $Context }).Count | Should -Be 1
    }

    It 'keeps the engine and HtmlAgilityPack in its own context, and the cmdlets and output types in the default one' {
        (Get-LoadedAssembly $script:Result 'O365ServiceComms.Engine').Context | Should -Be 'O365ServiceComms'
        (Get-LoadedAssembly $script:Result 'HtmlAgilityPack').Context | Should -Be 'O365ServiceComms'
        (Get-LoadedAssembly $script:Result 'O365ServiceComms').Context | Should -Be 'Default'
        (Get-LoadedAssembly $script:Result 'O365ServiceComms.Shared').Context | Should -Be 'Default'
    }

    It 'shares the Newtonsoft.Json that PowerShell ships, except in its ReadyToRun build, which brings its own precompiled' {
        $newtonsoft = @(Get-LoadedAssembly $script:Result 'Newtonsoft.Json')
        $engineFolder = (Get-LoadedAssembly $script:Result 'O365ServiceComms.Engine').Folder
        if ($engineFolder -like 'net10.0-*') {
            # bin/net10.0-<platform> (docs/architecture.md): PowerShell's copy stays PowerShell's.
            $newtonsoft.Count | Should -Be 2
            @($newtonsoft | Where-Object Context -eq 'Default').Count | Should -Be 1
            @($newtonsoft | Where-Object Context -eq 'O365ServiceComms').Count | Should -Be 1
        }
        else {
            $engineFolder | Should -Be 'net8.0'
            $newtonsoft.Count | Should -Be 1
            $newtonsoft[0].Context | Should -Be 'Default'
        }
    }
}

Describe 'This module first, then an older MSAL' {
    BeforeAll {
        $script:Result = Invoke-Scenario 'ModuleFirst'
    }

    It 'works, and the older MSAL loaded afterwards still gets a token' {
        $script:Result.StatusCount | Should -Be 27
        $script:Result.MessageCount | Should -Be 196
        $script:Result.OldMsalAfter.Version | Should -Be '4.61.3.0'
        $script:Result.OldMsalAfter.TokenFound | Should -BeTrue
    }
}
