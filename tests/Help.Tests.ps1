# Offline help for every exported command, read through Get-Help as a user would (model: PSScriptAnalyzer's help
# test). The commands are found at run time, so new cmdlets are checked as soon as they are exported.
BeforeDiscovery {
    Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'out/O365ServiceComms') -Force
    $script:CommandCases = @(Get-Command -Module O365ServiceComms -CommandType Cmdlet, Function | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $script:HelpFolder = Join-Path $script:ModulePath 'en-US'
}

Describe 'Help of <Name>' -ForEach $script:CommandCases {
    BeforeAll {
        $command = Get-Command -Name $Name -Module O365ServiceComms
        $help = Get-Help -Name $Name -Full -ErrorAction Stop
        $parameters = @($command.Parameters.Values | Where-Object Name -notin $script:CommonParameters)
        $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
    }

    It 'comes from the help file in the module' {
        if ($command.CommandType -eq 'Cmdlet') {
            Split-Path $command.HelpFile -Leaf | Should -Be 'O365ServiceComms.dll-Help.xml'
            Join-Path $script:HelpFolder 'O365ServiceComms.dll-Help.xml' | Should -Exist
        }
        # Without a help file, Get-Help makes up a page whose synopsis is the syntax and that has no description.
        $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape("$Name ["))
    }

    It 'has a description' {
        ($help.description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' explains itself"
        }
    }

    It 'has the syntax of every parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $documented = $helpParameters | Where-Object Name -eq $parameter.Name
            $documented | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a help entry"
            ($documented.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'documents no parameter the command does not have' {
        foreach ($documented in $helpParameters) {
            $command.Parameters.Keys | Should -Contain $documented.name
        }
    }

    It 'gives each parameter the type, aliases, position, Required and pipeline input the command has' {
        foreach ($parameter in $parameters) {
            $documented = $helpParameters | Where-Object Name -eq $parameter.Name
            $because = "that is what -$($parameter.Name) of $Name has"
            $documented.type.name | Should -Be $parameter.ParameterType.Name -Because $because
            @($documented.aliases -split ',\s*' | Where-Object { $_ -and $_ -ne 'none' } | Sort-Object) |
                Should -Be @($parameter.Aliases | Sort-Object) -Because $because
            $inSets = @($parameter.ParameterSets.Values)
            if (@($inSets.IsMandatory | Sort-Object -Unique).Count -eq 1) {
                [bool]::Parse($documented.required) | Should -Be $inSets[0].IsMandatory -Because $because
            }
            if (@($inSets.Position | Sort-Object -Unique).Count -eq 1) {
                $position = if ($inSets[0].Position -ge 0) { [string]$inSets[0].Position } else { 'named' }
                $documented.position | Should -Be $position -Because $because
            }
            $fromPipeline = [bool]($inSets | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
            ($documented.pipelineInput -like 'True*') | Should -Be $fromPipeline -Because $because
        }
    }

    It 'names its input and output types' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
        foreach ($type in @($command.OutputType.Name | Where-Object { $_ -ne 'System.Void' })) {
            @($help.returnValues.returnValue.type.name) | Should -Contain $type -Because "[OutputType] names $type"
        }
    }
}

Describe 'The help files' {
    It 'hold one MAML command for each exported cmdlet, and none for other names' {
        [xml]$maml = Get-Content (Join-Path $script:HelpFolder 'O365ServiceComms.dll-Help.xml') -Raw
        $names = @($maml.helpItems.command.details.name | Sort-Object)
        $names | Should -Be @((Get-Command -Module O365ServiceComms -CommandType Cmdlet).Name | Sort-Object)
    }

    It 'make about_O365ServiceComms available to Get-Help' {
        $about = Get-Help -Name about_O365ServiceComms -ErrorAction Stop | Out-String
        $about | Should -Match '(?m)^TOPIC\s*$'
        $about | Should -Match '(?m)^\s+about_o365servicecomms\s*$'
        $about | Should -Match '(?m)^SHORT DESCRIPTION\s*$'
        $about | Should -Match 'Connect-O365ServiceComms'
    }

    It 'wrap the about topic at 80 columns' {
        $lines = Get-Content (Join-Path $script:HelpFolder 'about_O365ServiceComms.help.txt')
        # Code and tables keep their lines (the markdown page keeps them short too); a long address cannot be broken.
        @($lines | Where-Object { $_.Length -gt 80 -and $_.Trim().Contains(' ') }) | Should -BeNullOrEmpty
    }
}
