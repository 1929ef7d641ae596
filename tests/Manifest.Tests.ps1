# The built manifest: valid, explicit about what it exports, complete for the PowerShell Gallery, the one version.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ManifestPath = Join-Path $script:ModulePath 'O365ServiceComms.psd1'
    $script:Data = Import-PowerShellDataFile $script:ManifestPath
    $script:Module = Get-Module O365ServiceComms
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop
        $info.Name | Should -Be 'O365ServiceComms'
        $info.Version | Should -Be ([version]$script:Data.ModuleVersion)
    }

    It 'is for Windows PowerShell 5.1 and PowerShell 7 alike' {
        $script:Data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $script:Data.PowerShellVersion | Should -Be '5.1'
    }

    It 'lists the cmdlets to export by name, exactly the cmdlets the module has' {
        $listed = @($script:Data.CmdletsToExport)
        $listed | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) } | Should -BeNullOrEmpty
        $defined = $script:Module.ImplementingAssembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        @($listed | Sort-Object) | Should -Be @($defined | Sort-Object)
        @($script:Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($listed | Sort-Object)
    }

    It 'exports no functions, variables or aliases, not even by wildcard' {
        foreach ($key in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            $script:Data.ContainsKey($key) | Should -BeTrue -Because "$key should be stated"
            @($script:Data[$key]).Count | Should -Be 0 -Because "the module has no $key"
        }
        $script:Module.ExportedFunctions.Count | Should -Be 0
    }

    It 'ships the files it names' {
        foreach ($file in @($script:Data.RootModule) + @($script:Data.FormatsToProcess) + @($script:Data['TypesToProcess'] | Where-Object { $_ })) {
            Join-Path $script:ModulePath $file | Should -Exist
        }
        Join-Path $script:ModulePath 'LICENSE' | Should -Exist
    }

    It 'has the tags, links and release notes the PowerShell Gallery shows' {
        $psData = $script:Data.PrivateData.PSData
        foreach ($tag in 'Office365', 'Microsoft365', 'ServiceHealth', 'MicrosoftGraph', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') {
            $psData.Tags | Should -Contain $tag
        }
        ([uri]$psData.ProjectUri).IsAbsoluteUri | Should -BeTrue
        ([uri]$psData.LicenseUri).IsAbsoluteUri | Should -BeTrue
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'is the one place of the version: every assembly of ours carries it' {
        $version = [version]$script:Data.ModuleVersion
        foreach ($assembly in 'O365ServiceComms.dll', 'O365ServiceComms.Shared.dll', 'net472/O365ServiceComms.Engine.dll', 'net8.0/O365ServiceComms.Engine.dll',
            'net8.0/O365ServiceComms.LoadContext.dll') {
            $name = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:ModulePath "bin/$assembly"))
            $name.Version.ToString(3) | Should -Be $version.ToString(3) -Because "bin/$assembly is built from the manifest's version"
        }
    }
}
