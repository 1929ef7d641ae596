# Windows PowerShell 5.1 cannot run here: what can be checked without it is that the psm1 sends each edition to its
# build, and that the .NET Framework build in bin/net472 is complete. The assemblies are read, not loaded.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    $script:Net472 = Join-Path $script:ModulePath 'bin/net472'
    $script:Net8 = Join-Path $script:ModulePath 'bin/net8.0'

    function Get-AssemblyMetadata([string] $Path) {
        $stream = [System.IO.File]::OpenRead($Path)
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $definition = $reader.GetAssemblyDefinition()
            $framework = $null
            foreach ($handle in $definition.GetCustomAttributes()) {
                $attribute = $reader.GetCustomAttribute($handle)
                if ($attribute.Constructor.Kind -ne 'MemberReference') { continue }
                $constructor = $reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$attribute.Constructor)
                $type = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$constructor.Parent)
                if ($reader.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                    $blob = $reader.GetBlobReader($attribute.Value)
                    $null = $blob.ReadUInt16()
                    $framework = $blob.ReadSerializedString()
                }
            }
            [pscustomobject]@{
                Name       = $reader.GetString($definition.Name)
                Version    = $definition.Version
                Framework  = $framework
                References = @($reader.AssemblyReferences | ForEach-Object {
                        $reference = $reader.GetAssemblyReference($_)
                        [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
                    })
                Types      = @($reader.TypeDefinitions | ForEach-Object {
                        $typeDefinition = $reader.GetTypeDefinition($_)
                        '{0}.{1}' -f $reader.GetString($typeDefinition.Namespace), $reader.GetString($typeDefinition.Name)
                    })
            }
        }
        finally {
            $pe.Dispose()
            $stream.Dispose()
        }
    }

    # What .NET Framework 4.7.2 itself provides, from the reference assemblies the build compiles against.
    $referencePack = Join-Path (Get-NuGetPackagesPath) 'microsoft.netframework.referenceassemblies.net472/1.0.3/build/.NETFramework/v4.7.2'
    $script:FrameworkAssemblies = @(Get-ChildItem $referencePack, (Join-Path $referencePack 'Facades') -Filter *.dll | ForEach-Object BaseName)
    $script:Shipped = @{}
    foreach ($file in Get-ChildItem $script:Net472 -Filter *.dll) { $script:Shipped[$file.BaseName] = Get-AssemblyMetadata $file.FullName }
}

Describe 'The choice of build per edition' {
    It 'sends <Edition> to bin/<Framework>' -ForEach @(
        @{ Edition = 'Desktop'; Framework = 'net472' }
        @{ Edition = 'Core'; Framework = 'net8.0' }
    ) {
        $path = & (Get-Module O365ServiceComms) { param($edition) Get-ServiceCommsBinPath -Edition $edition } $Edition
        $path | Should -Be (Join-Path $script:ModulePath "bin/$Framework")
        Join-Path $path 'O365ServiceComms.dll' | Should -Exist
        Join-Path $path 'O365ServiceComms.Shared.dll' | Should -Exist
    }

    It 'is what this PowerShell 7 loaded' {
        [O365ServiceComms.ServiceStatus].Assembly.Location | Should -Be (Join-Path $script:Net8 'O365ServiceComms.Shared.dll')
        [O365ServiceComms.Loader.ModuleLoader]::LoadCmdletAssembly().Location | Should -Be (Join-Path $script:Net8 'O365ServiceComms.dll')
    }
}

Describe 'The Windows PowerShell build (bin/net472)' {
    It 'is built for .NET Framework 4.7.2: <Name>' -ForEach @(@{ Name = 'O365ServiceComms' }, @{ Name = 'O365ServiceComms.Shared' }) {
        $assembly = $script:Shipped[$Name]
        $assembly.Framework | Should -Be '.NETFramework,Version=v4.7.2'
        $assembly.References.Name | Should -Contain 'mscorlib'
        $assembly.References.Name | Should -Not -Contain 'System.Runtime'
        $assembly.References.Name | Should -Not -Contain 'netstandard'
    }

    It 'binds the cmdlets to the MSAL, Newtonsoft.Json and output types it ships' {
        $references = $script:Shipped['O365ServiceComms'].References
        foreach ($name in 'Microsoft.Identity.Client', 'Newtonsoft.Json', 'HtmlAgilityPack', 'O365ServiceComms.Shared', 'System.Management.Automation') {
            $references.Name | Should -Contain $name
        }
        $script:Shipped.ContainsKey('Newtonsoft.Json') | Should -BeTrue -Because 'Windows PowerShell has no Newtonsoft.Json of its own'
        $script:Shipped.ContainsKey('System.Management.Automation') | Should -BeFalse -Because 'PowerShell provides it'
    }

    It 'finds every reference of every assembly in the folder or in .NET Framework' {
        $missing = foreach ($assembly in $script:Shipped.Values) {
            foreach ($reference in $assembly.References) {
                $local = $script:Shipped[$reference.Name]
                # A newer file than asked for is bound by the module's resolver (ModuleLoader), as Windows PowerShell
                # has no binding redirects for modules.
                if ($local -and $local.Version -ge $reference.Version) { continue }
                if (-not $local -and ($reference.Name -in $script:FrameworkAssemblies -or $reference.Name -eq 'System.Management.Automation')) { continue }
                "$($assembly.Name) -> $($reference.Name) $($reference.Version)"
            }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'has the resolver of Windows PowerShell, and no load context' {
        $types = $script:Shipped['O365ServiceComms.Shared'].Types
        $types | Should -Contain 'O365ServiceComms.Loader.ModuleLoader'
        $types | Should -Not -Contain 'O365ServiceComms.Loader.ModuleLoadContext'
        (Get-AssemblyMetadata (Join-Path $script:Net8 'O365ServiceComms.Shared.dll')).Types | Should -Contain 'O365ServiceComms.Loader.ModuleLoadContext'
    }
}

Describe 'The PowerShell 7 build (bin/net8.0)' {
    It 'leaves Newtonsoft.Json and System.Management.Automation to PowerShell' {
        Join-Path $script:Net8 'Newtonsoft.Json.dll' | Should -Not -Exist
        Join-Path $script:Net8 'System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $script:Net8 'Microsoft.Identity.Client.dll' | Should -Exist
        Join-Path $script:Net8 'Microsoft.IdentityModel.Abstractions.dll' | Should -Exist
    }
}
