# The status page (Export-O365ServiceHealthReport) of the emulator's demo tenant, measured in a real browser: the
# system's headless Chromium, driven by tests/O365ServiceComms.PageProbe (PuppeteerSharp; it never downloads a browser).
# Without /usr/bin/chromium (or O365SC_CHROMIUM) these tests are skipped and say so; .ci/run installs it, so CI runs them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $configuration = if ($env:O365SC_CONFIGURATION) { $env:O365SC_CONFIGURATION } else { 'Release' }
    # O365SC_CHROMIUM: another Chromium (or a missing path, to see the skip).
    $script:Browser = if ($env:O365SC_CHROMIUM) { $env:O365SC_CHROMIUM } else { '/usr/bin/chromium' }
    $script:NoBrowser = "Chromium is not installed at $($script:Browser) (.ci/run installs it with apt-get: apt-get install chromium)"
    $script:Widths = 390, 1280
    $script:Shots = Join-Path $script:RepoRoot 'out/test-results/status-page'
    $script:Results = @{}
    function Format-Overflow($Measured) {
        ($Measured.overflows | ForEach-Object { "$($_.element): $($_.problem)" }) -join "`n"
    }
    if (-not (Test-Path $script:Browser)) { return }

    $probe = Join-Path $PSScriptRoot "O365ServiceComms.PageProbe/bin/$configuration/net10.0/O365ServiceComms.PageProbe.dll"
    if (-not (Test-Path $probe)) { throw "The page probe is not built ($probe). Run ./build.ps1 -Task Test, which builds it." }

    $script:Emulator = Start-Emulator
    Connect-DemoTenant -Emulator $script:Emulator
    # Words that no line break fits: a URL in an incident's latest update and in a Message Center title.
    $longWord = 'https://contoso.sharepoint.com/sites/it/Shared%20Documents/' + ('averyveryverylongfoldername' * 6) + '/runbook.docx'
    Invoke-EmulatorControl -Emulator $script:Emulator -Path 'issues/LY197383/touch' -Method Post -Body @{ post = "<p>Workaround: see $longWord</p>" } | Out-Null
    Invoke-EmulatorControl -Emulator $script:Emulator -Path 'messages/MC172851/touch' -Method Post -Body @{ title = "Read $longWord" } | Out-Null

    # Every Message Center post of the demo tenant (141), not only the last 30 days': the longest page it makes.
    $script:Page = Join-Path $TestDrive 'status.html'
    Export-O365ServiceHealthReport -Path $script:Page -Days 3650 | Out-Null

    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($probe, '--page', $script:Page, '--browser', $script:Browser, '--screenshots', $script:Shots) +
        @($script:Widths | ForEach-Object { '--width', $_ })) {
        $start.ArgumentList.Add([string]$argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The page probe did not finish within 120 s.' }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "The page probe failed (exit code $($process.ExitCode)): $($stderr.Result)" }
    }
    finally { $process.Dispose() }
    foreach ($result in ($stdout.Result | ConvertFrom-Json)) { $script:Results[[int]$result.width] = $result }

}

AfterAll {
    if ($script:Emulator) {
        Disconnect-O365ServiceComms
        Stop-Emulator $script:Emulator
    }
}

Describe 'Export-O365ServiceHealthReport in a browser' {
    It 'shows the whole demo tenant: <_> px' -ForEach 390, 1280 {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        $measured = $script:Results[$_].measured
        $measured.innerWidth | Should -Be $_
        $measured.serviceCards | Should -Be 27
        $measured.incidents | Should -Be 5
        $measured.posts | Should -Be 141
    }

    It 'needs no sideways scrolling: <_> px' -ForEach 390, 1280 {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        $measured = $script:Results[$_].measured
        $measured.scrollWidth | Should -BeLessOrEqual $measured.innerWidth -Because "the document is $($measured.scrollWidth) px wide in a $_ px window: $(Format-Overflow $measured)"
    }

    It 'has nothing spilling out of its box, Message Center posts opened: <_> px' -ForEach 390, 1280 {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        $measured = $script:Results[$_].measured
        $measured.overflowCount | Should -Be 0 -Because (Format-Overflow $measured)
    }

    It 'keeps every id on one line: <_> px' -ForEach 390, 1280 {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        @($script:Results[$_].measured.brokenIds) | Should -BeNullOrEmpty
    }

    It 'puts the active incidents before the service cards on a phone' {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        $phone = $script:Results[390].measured
        $phone.incidentsTop | Should -BeLessThan $phone.servicesTop
        $phone.servicesTop | Should -BeLessThan $phone.messageCenterTop
        # On a wide screen the cards are a short overview: four abreast, above the incidents.
        $wide = $script:Results[1280].measured
        $wide.servicesTop | Should -BeLessThan $wide.incidentsTop
        ($wide.incidentsTop - $wide.servicesTop) | Should -BeLessThan 1200
    }

    It 'leaves a screenshot of each width in out/test-results/status-page: <_> px' -ForEach 390, 1280 {
        if (-not (Test-Path $script:Browser)) { Set-ItResult -Skipped -Because $script:NoBrowser; return }
        $png = $script:Results[$_].screenshot
        $bytes = [IO.File]::ReadAllBytes($png)
        [BitConverter]::ToString($bytes, 0, 8) | Should -Be '89-50-4E-47-0D-0A-1A-0A' -Because 'it is a PNG'
        # The width from the IHDR chunk (big-endian).
        $width = ([int]$bytes[16] -shl 24) -bor ([int]$bytes[17] -shl 16) -bor ([int]$bytes[18] -shl 8) -bor [int]$bytes[19]
        $width | Should -Be $_
    }
}
