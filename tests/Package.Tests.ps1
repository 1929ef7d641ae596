# build.ps1 -Task Package (run by -Task Test before the tests) leaves out/O365ServiceComms.<version>.nupkg. It is
# installed here as a user would, with Save-PSResource from a folder repository, and imported in a fresh pwsh.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    $script:Version = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'O365ServiceComms.psd1')).ModuleVersion
    $script:Package = Join-Path $script:RepoRoot "out/O365ServiceComms.$script:Version.nupkg"
    if (-not (Test-Path $script:Package)) { throw "$script:Package is missing: run ./build.ps1 -Task Package (-Task Test does)." }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Package)
    try {
        $script:Entries = @($zip.Entries.FullName)
        $nuspec = $zip.Entries | Where-Object FullName -eq 'O365ServiceComms.nuspec'
        $reader = [System.IO.StreamReader]::new($nuspec.Open())
        try { [xml]$script:Nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
    }
    finally { $zip.Dispose() }
}

Describe 'The package' {
    It 'holds the module: manifest, cmdlets, formats, both engine builds, offline help and license' {
        foreach ($entry in 'O365ServiceComms.psd1', 'O365ServiceComms.Format.ps1xml', 'LICENSE', 'CHANGELOG.md',
            'en-US/O365ServiceComms.dll-Help.xml', 'en-US/about_O365ServiceComms.help.txt',
            'bin/O365ServiceComms.dll', 'bin/O365ServiceComms.Shared.dll',
            'bin/net472/O365ServiceComms.Engine.dll', 'bin/net472/Microsoft.Identity.Client.dll',
            'bin/net8.0/O365ServiceComms.Engine.dll', 'bin/net8.0/Microsoft.Identity.Client.dll') {
            $script:Entries | Should -Contain $entry
        }
        $script:Entries | Where-Object { $_ -like '*System.Management.Automation.dll' } | Should -BeNullOrEmpty
    }

    It 'describes the module as the manifest does' {
        $metadata = $script:Nuspec.package.metadata
        $metadata.id | Should -Be 'O365ServiceComms'
        $metadata.version | Should -Be $script:Version
        $metadata.tags -split ' ' | Should -Contain 'ServiceHealth'
        $metadata.tags -split ' ' | Should -Contain 'PSEdition_Desktop'
    }
}

Describe 'Installing the package with Save-PSResource' {
    BeforeAll {
        $repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
        Copy-Item $script:Package -Destination $repository
        $script:InstallPath = Join-Path $TestDrive 'modules'
        $script:Emulator = Start-Emulator
        $run = Invoke-FreshPwsh -File (Join-Path $PSScriptRoot 'scripts/InstallPackage.ps1') -ArgumentList @(
            '-RepositoryPath', $repository.FullName, '-InstallPath', $script:InstallPath, '-Version', $script:Version,
            '-EmulatorUri', $script:Emulator.BaseUri, '-TenantId', $script:DemoTenant.TenantDomain,
            '-ClientId', $script:DemoTenant.ClientId, '-ClientSecret', $script:DemoTenant.ClientSecret) `
            -Environment @{ XDG_DATA_HOME = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'data')).FullName }
        if ($run.ExitCode -ne 0) { throw "Installing the package failed (exit code $($run.ExitCode)): $($run.Error) $($run.Output)" }
        $script:Result = $run.Output | ConvertFrom-Json
    }

    AfterAll {
        Stop-Emulator $script:Emulator
    }

    It 'installs the version of the manifest into the given folder' {
        $script:Result.FoundVersion | Should -Be $script:Version
        $script:Result.Version | Should -Be $script:Version
        $script:Result.ModuleBase | Should -Be (Join-Path $script:InstallPath "O365ServiceComms/$script:Version")
    }

    It 'exports the cmdlets of the manifest' {
        $listed = (Import-PowerShellDataFile (Join-Path $script:ModulePath 'O365ServiceComms.psd1')).CmdletsToExport
        @($script:Result.Cmdlets) | Should -Be @($listed | Sort-Object)
    }

    It 'brings its offline help' {
        $script:Result.HelpFiles | Should -Be 'O365ServiceComms.dll-Help.xml'
        $script:Result.HelpFileThere | Should -BeTrue
        $script:Result.Description | Should -Match 'returns one object per service'
        $script:Result.Synopses | ForEach-Object { $_ | Should -Not -BeNullOrEmpty }
        $script:Result.Synopses | Should -Contain 'Gets the current health of each Microsoft 365 service in the tenant, with the ids of its active incidents.'
        $script:Result.About | Should -Match 'SHORT DESCRIPTION'
    }

    It 'works once installed' {
        $script:Result.StatusCount | Should -Be 27
    }
}
