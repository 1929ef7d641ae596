# Windows PowerShell 5.1 cannot run here: what can be checked without it is that each edition gets its engine build,
# that the cmdlets and output types are one build both editions load, and that what Windows PowerShell loads (bin and
# bin/net472) is complete. The assemblies are read, not loaded.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'FreshPwsh.psm1') -Force
    $script:Bin = Join-Path $script:ModulePath 'bin'
    $script:Net472 = Join-Path $script:ModulePath 'bin/net472'
    $script:Net8 = Join-Path $script:ModulePath 'bin/net8.0'
    # The engine this PowerShell 7 loads: the ReadyToRun build for its platform (.NET 10 and later) where the module
    # ships one, else the portable bin/net8.0 (src/O365ServiceComms/Loader/EngineLoader.cs).
    $platform = '{0}-{1}' -f $(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }),
        [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    $readyToRun = Join-Path $script:ModulePath "bin/net10.0-$platform"
    $script:LoadedEngineFolder = if ([Environment]::Version.Major -ge 10 -and (Test-Path (Join-Path $readyToRun 'O365ServiceComms.Engine.dll'))) { $readyToRun } else { $script:Net8 }

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
    # What Windows PowerShell loads: the cmdlets and output types in bin, the engine and its dependencies in bin/net472.
    $script:Shipped = @{}
    foreach ($file in @(Get-ChildItem $script:Net472 -Filter *.dll) + @(Get-ChildItem $script:Bin -Filter *.dll)) {
        $script:Shipped[$file.BaseName] = Get-AssemblyMetadata $file.FullName
    }
}

Describe 'The cmdlets and the output types (bin): one build for both editions' {
    It 'is built for .NET Standard 2.0: <Name>' -ForEach @(@{ Name = 'O365ServiceComms' }, @{ Name = 'O365ServiceComms.Shared' }) {
        $assembly = $script:Shipped[$Name]
        $assembly.Framework | Should -Be '.NETStandard,Version=v2.0'
        $assembly.References.Name | Should -Contain 'netstandard'
        $assembly.References.Name | Should -Not -Contain 'mscorlib'
        $assembly.References.Name | Should -Not -Contain 'System.Runtime'
    }

    It 'names no dependency that another module could bring in another version' {
        $allowed = 'netstandard', 'System.Management.Automation', 'O365ServiceComms.Shared', 'O365ServiceComms.Engine'
        $script:Shipped['O365ServiceComms'].References.Name | Where-Object { $_ -notin $allowed } | Should -BeNullOrEmpty
        $script:Shipped['O365ServiceComms.Shared'].References.Name | Where-Object { $_ -ne 'netstandard' } | Should -BeNullOrEmpty
    }

    It 'is what this PowerShell 7 loaded, with the engine from bin/net8.0 (or its ReadyToRun build for this platform) in the module''s own context' {
        $null = Get-O365ServiceCommsConnection
        (Get-Module O365ServiceComms).ImplementingAssembly.Location | Should -Be (Join-Path $script:Bin 'O365ServiceComms.dll')
        [O365ServiceComms.ServiceStatus].Assembly.Location | Should -Be (Join-Path $script:Bin 'O365ServiceComms.Shared.dll')
        $engine = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'O365ServiceComms.Engine' })
        $engine.Count | Should -Be 1
        $engine[0].Location | Should -Be (Join-Path $script:LoadedEngineFolder 'O365ServiceComms.Engine.dll')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine[0]).Name | Should -Be 'O365ServiceComms'
    }
}

Describe 'Importing the module' {
    BeforeAll {
        $run = Invoke-FreshPwsh -File (Join-Path $PSScriptRoot 'scripts/ImportOnly.ps1') -ArgumentList @('-ModulePath', $script:ModulePath)
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $script:Import = $run.Output | ConvertFrom-Json
    }

    It 'loads the cmdlet assembly and the load context itself, and leaves the engine to a thread of its own' {
        # O365ServiceComms.LoadContext is the few lines that tell PowerShell 7 where the engine is. The output types
        # (O365ServiceComms.Shared) may come too, and so may the engine and MSAL once the warm-up thread has started:
        # import does not wait for them.
        @($script:Import.AfterImport) | Should -Contain 'O365ServiceComms'
        @($script:Import.AfterImport) | Should -Contain 'O365ServiceComms.LoadContext'
        @($script:Import.AfterImport | Where-Object { $_ -notin 'O365ServiceComms', 'O365ServiceComms.LoadContext', 'O365ServiceComms.Shared', 'O365ServiceComms.Engine', 'Microsoft.Identity.Client' }) | Should -BeNullOrEmpty
    }

    It 'warms up the engine and MSAL in the background on PowerShell 7, in the module''s own context, connecting nobody' {
        $script:Import.WarmUpEnded | Should -BeTrue
        @($script:Import.AfterWarmUp) | Should -Be @('Microsoft.Identity.Client', 'O365ServiceComms', 'O365ServiceComms.Engine', 'O365ServiceComms.LoadContext', 'O365ServiceComms.Shared')
        $script:Import.LoadContexts.'O365ServiceComms.Engine' | Should -Be 'O365ServiceComms'
        $script:Import.LoadContexts.'Microsoft.Identity.Client' | Should -Be 'O365ServiceComms'
        $script:Import.Connections | Should -Be 0
        # The page and feed libraries wait for the commands that need them.
        @($script:Import.AfterFirstCmdlet) | Should -Not -Contain 'HtmlAgilityPack'
    }
}

Describe 'Importing a copy that lost its engine' {
    It 'fails at import, naming the missing file and how to mend it' {
        $copy = Join-Path $TestDrive 'O365ServiceComms'
        Copy-Item $script:ModulePath -Destination $copy -Recurse
        # Every PowerShell 7 engine: the ReadyToRun builds too, which the loader would otherwise take instead.
        Remove-Item (Join-Path $copy 'bin/net*.0*/O365ServiceComms.Engine.dll')
        $run = Invoke-FreshPwsh -File (Join-Path $PSScriptRoot 'scripts/ImportOnly.ps1') -ArgumentList @('-ModulePath', $copy)
        $run.ExitCode | Should -Be 1
        $result = $run.Output | ConvertFrom-Json
        $result.ImportError | Should -BeLike "O365ServiceComms is incomplete: $(Join-Path $copy 'bin/net8.0/O365ServiceComms.Engine.dll') is missing. Install the module again*"
        $result.ErrorId | Should -Be 'System.IO.FileNotFoundException,Microsoft.PowerShell.Commands.ImportModuleCommand'
        $result.Commands | Should -Be 0
    }
}

Describe 'The Windows PowerShell engine (bin/net472)' {
    It 'is built for .NET Framework 4.7.2' {
        $assembly = $script:Shipped['O365ServiceComms.Engine']
        $assembly.Framework | Should -Be '.NETFramework,Version=v4.7.2'
        $assembly.References.Name | Should -Contain 'mscorlib'
        $assembly.References.Name | Should -Not -Contain 'System.Runtime'
    }

    It 'binds the engine to the MSAL, Newtonsoft.Json and output types it ships, and to nothing of PowerShell' {
        $references = $script:Shipped['O365ServiceComms.Engine'].References
        foreach ($name in 'Microsoft.Identity.Client', 'Newtonsoft.Json', 'HtmlAgilityPack', 'O365ServiceComms.Shared') {
            $references.Name | Should -Contain $name
        }
        $references.Name | Should -Not -Contain 'System.Management.Automation' -Because 'the engine knows Graph and sign-in, not PowerShell'
        $script:Shipped['O365ServiceComms'].References.Name | Should -Contain 'System.Management.Automation' -Because 'the cmdlets are the PowerShell side'
        $script:Shipped.ContainsKey('Newtonsoft.Json') | Should -BeTrue -Because 'Windows PowerShell has no Newtonsoft.Json of its own'
        $script:Shipped.ContainsKey('System.Management.Automation') | Should -BeFalse -Because 'PowerShell provides it'
    }

    It 'finds every reference of every assembly in the module or in .NET Framework' {
        $missing = foreach ($assembly in $script:Shipped.Values) {
            foreach ($reference in $assembly.References) {
                $local = $script:Shipped[$reference.Name]
                # A newer file than asked for is bound by the module's resolver (EngineLoader), as Windows PowerShell
                # has no binding redirects for modules.
                if ($local -and $local.Version -ge $reference.Version) { continue }
                if (-not $local -and ($reference.Name -in $script:FrameworkAssemblies -or $reference.Name -eq 'System.Management.Automation')) { continue }
                "$($assembly.Name) -> $($reference.Name) $($reference.Version)"
            }
        }
        $missing | Should -BeNullOrEmpty
    }
}

Describe 'The PowerShell 7 engine (bin/net8.0)' {
    It 'leaves Newtonsoft.Json and System.Management.Automation to PowerShell, and the output types to bin' {
        Join-Path $script:Net8 'Newtonsoft.Json.dll' | Should -Not -Exist
        Join-Path $script:Net8 'System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $script:Net8 'O365ServiceComms.Shared.dll' | Should -Not -Exist
        Join-Path $script:Net8 'O365ServiceComms.Engine.dll' | Should -Exist
        Join-Path $script:Net8 'O365ServiceComms.LoadContext.dll' | Should -Exist
        Join-Path $script:Net8 'Microsoft.Identity.Client.dll' | Should -Exist
        Join-Path $script:Net8 'Microsoft.IdentityModel.Abstractions.dll' | Should -Exist
    }

    It 'is an engine that references nothing of PowerShell' {
        (Get-AssemblyMetadata (Join-Path $script:Net8 'O365ServiceComms.Engine.dll')).References.Name |
            Should -Not -Contain 'System.Management.Automation'
    }
}

Describe 'The PowerShell 7.6 engine ReadyToRun-compiled (bin/net10.0-<platform>)' {
    BeforeDiscovery {
        $bin = Join-Path (Split-Path $PSScriptRoot -Parent) 'out/O365ServiceComms/bin'
        $script:ReadyToRunFolders = @(Get-ChildItem $bin -Directory -Filter 'net10.0-*' -ErrorAction Ignore | ForEach-Object { @{ Folder = $_.FullName; Name = $_.Name } })
    }

    It 'is shipped for this machine''s platform' {
        $script:LoadedEngineFolder | Should -Not -Be $script:Net8 -Because 'build.ps1 lists linux-x64, the platform measured here'
    }

    It '<Name> holds the engine, MSAL and Newtonsoft.Json precompiled for .NET 10, and leaves the output types to bin' -ForEach $script:ReadyToRunFolders {
        foreach ($name in 'O365ServiceComms.Engine', 'Microsoft.Identity.Client', 'Newtonsoft.Json') {
            $stream = [System.IO.File]::OpenRead((Join-Path $Folder "$name.dll"))
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                # A ReadyToRun image carries its native code's header in the CLI header (ManagedNativeHeader).
                $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size | Should -BeGreaterThan 0 -Because "$name is ReadyToRun-compiled"
                $pe.Dispose()
            }
            finally { $stream.Dispose() }
        }
        (Get-AssemblyMetadata (Join-Path $Folder 'O365ServiceComms.Engine.dll')).Framework | Should -Be '.NETCoreApp,Version=v10.0'
        Join-Path $Folder 'O365ServiceComms.Shared.dll' | Should -Not -Exist
        Join-Path $Folder 'System.Management.Automation.dll' | Should -Not -Exist
    }
}
