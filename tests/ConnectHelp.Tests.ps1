# The help page of Connect-O365ServiceComms keeps up with its parameter sets and parameters.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Page = Get-Content (Join-Path $script:RepoRoot 'docs/en-US/Connect-O365ServiceComms.md') -Raw
    $script:Command = Get-Command Connect-O365ServiceComms
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Connect-O365ServiceComms help page' {
    It 'has a syntax block for every parameter set' {
        foreach ($set in $script:Command.ParameterSets) {
            $script:Page | Should -Match ('(?m)^### ' + [regex]::Escape($set.Name) + '( \(Default\))?\r?$')
        }
    }

    It 'describes every parameter, and each in the sets it belongs to' {
        foreach ($parameter in $script:Command.Parameters.Values | Where-Object Name -notin $script:Common) {
            $section = [regex]::Match($script:Page, '(?ms)^### -' + [regex]::Escape($parameter.Name) + '\r?\n(.*?)(?=^### )')
            $section.Success | Should -BeTrue -Because "-$($parameter.Name) needs a section"
            $sets = @($parameter.ParameterSets.Keys | Where-Object { $_ -ne '__AllParameterSets' })
            foreach ($set in $sets) {
                $section.Groups[1].Value | Should -Match ('Parameter Sets: .*\b' + [regex]::Escape($set) + '\b') -Because "-$($parameter.Name) is in set $set"
            }
        }
    }

    It 'has an example for each sign-in' {
        foreach ($switch in '-CertificateThumbprint', '-CertificatePath', '-Certificate \$', '-ManagedIdentity', '-AccessToken', '-DeviceCode', '-Interactive', '-Credential', '-Environment') {
            ([regex]::Matches($script:Page, '(?ms)^### Example.*?```powershell(.*?)```') | ForEach-Object { $_.Groups[1].Value }) -join "`n" |
                Should -Match $switch
        }
    }
}
