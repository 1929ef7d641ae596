# Every exported cmdlet has a help page in docs/en-US that follows the PlatyPS schema and documents each parameter.
BeforeDiscovery {
    $script:CmdletNames = (Import-PowerShellDataFile (Join-Path (Split-Path $PSScriptRoot -Parent) 'O365ServiceComms.psd1')).CmdletsToExport
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Docs = Join-Path $script:RepoRoot 'docs/en-US'
    # -WhatIf and -Confirm are documented like other parameters (PlatyPS does so); the rest under CommonParameters.
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters
}

Describe 'Help page of <_>' -ForEach $script:CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Path = Join-Path $script:Docs "$($_).md"
        $script:Page = if (Test-Path $script:Path) { Get-Content $script:Path -Raw } else { '' }
        $script:Command = Get-Command $_ -Module O365ServiceComms
    }

    It 'exists and has every section of the schema' {
        Test-Path $script:Path | Should -BeTrue
        foreach ($section in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
            $script:Page | Should -Match "(?m)^## $section\r?$"
        }
        $script:Page | Should -Match "(?m)^# $([regex]::Escape($script:Name))\r?$"
    }

    It 'has at least two examples with code' {
        @([regex]::Matches($script:Page, '(?m)^### Example \d+: .+\r?\n```powershell')).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes every parameter with its yaml block, and only real ones' {
        $parameters = @($script:Command.Parameters.Keys | Where-Object { $_ -notin $script:Common })
        foreach ($parameter in $parameters) {
            $script:Page | Should -Match "(?ms)^### -$parameter\r?\n(?:(?!^##).)+?``````yaml\r?\nType: " -Because "-$parameter needs a description and a yaml block"
            $script:Page | Should -Match "\[?-$parameter\b" -Because "-$parameter belongs in SYNTAX"
        }
        $documented = @([regex]::Matches($script:Page, '(?m)^### -(\w+)') | ForEach-Object { $_.Groups[1].Value })
        $documented | Where-Object { $_ -notin $parameters } | Should -BeNullOrEmpty
    }

    It 'names each output type the cmdlet declares' {
        foreach ($type in $script:Command.OutputType.Type | Where-Object { $_ -ne [void] }) {
            $script:Page | Should -Match "(?m)^### $([regex]::Escape($type.FullName))\r?$"
        }
    }
}
