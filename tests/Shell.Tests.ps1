# build.ps1 -Task Shell: tests/Shell.ps1 in a pwsh of its own, as the task starts it (pwsh -NoExit -File), its prompt
# fed through standard input instead of a keyboard; and with -Command, which runs one command and cleans up.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Shell = Join-Path $PSScriptRoot 'Shell.ps1'

    # Starts the shell with these pwsh switches; Typed goes to its standard input, which is then closed.
    function Start-DemoShell {
        param([string[]] $Switches, [string[]] $Arguments = @(), [string[]] $Typed = @(), [switch] $Untrusted, [int] $TimeoutSeconds = 120)
        $processPath = [Environment]::ProcessPath
        $start = [Diagnostics.ProcessStartInfo]::new($processPath)
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in @('-NoLogo', '-NoProfile') + $Switches + @('-File', $script:Shell) + $Arguments) { $start.ArgumentList.Add($argument) }
        $start.Environment['NO_COLOR'] = '1'
        if ($Untrusted) { $start.Environment.Remove('SSL_CERT_FILE') | Out-Null }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            foreach ($line in $Typed) { $process.StandardInput.WriteLine($line) }
            $process.StandardInput.Close()
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                $process.Kill($true)
                throw "The shell did not end within $TimeoutSeconds s. Output: $($stdout.Result)"
            }
            $process.WaitForExit()
            # Without the terminal escapes PSReadLine writes around each line.
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result -replace '\x1b\[[0-9;?]*[A-Za-z]', ''; Error = $stderr.Result }
        }
        finally { $process.Dispose() }
    }

    function Test-ProcessGone([int] $Id, [int] $TimeoutSeconds = 15) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if (-not (Get-Process -Id $Id -ErrorAction Ignore)) { return $true }
            Start-Sleep -Milliseconds 200
        }
        $false
    }
}

Describe 'build.ps1 -Task Shell' {
    It 'opens a prompt connected to the demo tenant, says how to leave, and stops the emulator at exit' {
        $shell = Start-DemoShell -Switches '-NoExit' -Typed @(
            '"emulator pid: $($DemoEmulator.Process.Id)"'
            'Get-O365ServiceCommsConnection | ForEach-Object { "connected: $($_.TenantId) $($_.AuthType)" }'
            '(Get-O365ServiceStatus | Where-Object IncidentIds).Id -join ","'
            'exit')
        $shell.ExitCode | Should -Be 0 -Because $shell.Error
        $shell.Output | Should -Match "connected to the emulator's demo tenant contoso\.onmicrosoft\.com"
        $shell.Output | Should -Match 'Type exit to leave'
        $shell.Output | Should -Match '\[O365ServiceComms demo\] PS .+> ' -Because 'the prompt says where you are'
        $shell.Output | Should -Match 'connected: contoso\.onmicrosoft\.com ClientSecret'
        # The emulator's answers, read over TLS that this process trusts.
        $shell.Output | Should -Match '(?m)^Lync,OneDriveForBusiness,SharePoint\s*$'
        $shell.Output -match 'emulator pid: (\d+)' | Should -BeTrue
        Test-ProcessGone ([int]$Matches[1]) | Should -BeTrue -Because 'exit stops the emulator'
    }

    It 'runs -Command instead of the prompt, then cleans up' {
        $shell = Start-DemoShell -Switches '-NonInteractive' -Arguments '-Command', '"emulator pid: $($DemoEmulator.Process.Id)"; (Get-O365ServiceStatus).Count'
        $shell.ExitCode | Should -Be 0 -Because $shell.Error
        $shell.Output | Should -Match '(?m)^27\s*$'
        $shell.Output -match 'emulator pid: (\d+)' | Should -BeTrue
        Test-ProcessGone ([int]$Matches[1]) | Should -BeTrue
    }

    It 'says how to start it when the process does not trust the emulator' {
        $shell = Start-DemoShell -Switches '-NonInteractive' -Arguments '-Command', 'Get-O365ServiceStatus' -Untrusted
        $shell.ExitCode | Should -Not -Be 0
        # The error as one line: PowerShell wraps it in a box of "|" lines.
        $message = ($shell.Output + $shell.Error) -replace '\r?\n\s*\|\s*', ' '
        $message | Should -Match "does not trust the emulator's certificate .*start it with \./build\.ps1 -Task Shell"
    }
}
