# Write-Progress while long lists are paged: the items so far, once per page, and nothing for lists of one page or
# under $ProgressPreference = 'SilentlyContinue'.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator

    # Progress records cannot be redirected in a script; a PowerShell of its own (a new runspace in this process,
    # connected for itself) collects them.
    function Get-ProgressRecord([string] $Preference) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Emulator, $Tenant, $Preference)
                    Import-Module $ModulePath
                    $secret = ConvertTo-SecureString $Tenant.ClientSecret -AsPlainText -Force
                    Connect-O365ServiceComms -TenantId $Tenant.TenantDomain -ClientId $Tenant.ClientId -ClientSecret $secret `
                        -AuthorityHost $Emulator.BaseUri -GraphEndpoint $Emulator.BaseUri
                    $ProgressPreference = $Preference
                    Get-O365ServiceMessage
                }.ToString()).AddParameters(@{ ModulePath = $script:ModulePath; Emulator = $script:Emulator; Tenant = $script:DemoTenant; Preference = $Preference })
            $output = $ps.Invoke()
            if ($ps.HadErrors) { throw "Get-O365ServiceMessage failed: $($ps.Streams.Error | Select-Object -First 1)" }
            [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-Emulator $script:Emulator
}

Describe 'Progress of Get-O365ServiceMessage' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'shows the items read so far before each further page' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $run = Get-ProgressRecord Continue
        $run.Output.Count | Should -Be 196
        $updates = @($run.Progress | Where-Object RecordType -eq 'Processing')
        # 55 issues in 6 pages, 141 posts in 15: one record before each page after the first.
        $updates.Count | Should -Be (5 + 14)
        @($updates | Where-Object Activity -eq 'Reading service health issues').StatusDescription |
            Should -Be @(1..5 | ForEach-Object { "$($_ * 10) read so far, requesting page $($_ + 1)" })
        @($updates | Where-Object Activity -eq 'Reading Message Center posts')[-1].StatusDescription |
            Should -Be '140 read so far, requesting page 15'
        $updates | ForEach-Object { $_.PercentComplete | Should -Be -1 }
    }

    It 'closes the progress bar of each list at its end' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $run = Get-ProgressRecord Continue
        $completed = @($run.Progress | Where-Object RecordType -eq 'Completed')
        $completed.Activity | Should -Be @('Reading service health issues', 'Reading Message Center posts')
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'writes nothing for lists of one page' {
        $run = Get-ProgressRecord Continue
        $run.Output.Count | Should -Be 196
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'is quiet under $ProgressPreference = SilentlyContinue' {
        Set-EmulatorSetting $script:Emulator @{ maxPageSize = 10 }
        $run = Get-ProgressRecord SilentlyContinue
        $run.Output.Count | Should -Be 196
        $run.Progress | Should -BeNullOrEmpty
    }
}
