<#
.SYNOPSIS
    The old Service Communications workflow, run with O365ServiceComms against the emulator's demo tenant.
    Started by ./build.ps1 -Task Demo (which sets SSL_CERT_FILE so this process trusts the emulator).
#>
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $PSScriptRoot 'EmulatorHost.psm1')
Import-Module (Join-Path $root 'out/O365ServiceComms')

# Wide output, as in an admin's terminal, also when the demo's output is captured or piped.
function Show-Output { $input | Out-String -Width 160 | Write-Host }

function Show-Step([string] $Command) {
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Yellow
}

$emulator = Start-Emulator
try {
    $demo = Get-DemoTenant
    Write-Host "Emulator of Entra ID and Microsoft Graph listening on $($emulator.BaseUri) (demo tenant $($demo.TenantDomain))." -ForegroundColor Cyan

    Show-Step "`$secret = Read-Host -AsSecureString   # the app's client secret"
    $secret = ConvertTo-SecureString $demo.ClientSecret -AsPlainText -Force
    Show-Step "Connect-O365ServiceComms -TenantId $($demo.TenantDomain) -ClientId $($demo.ClientId) -ClientSecret `$secret"
    Connect-O365ServiceComms -TenantId $demo.TenantDomain -ClientId $demo.ClientId -ClientSecret $secret `
        -AuthorityHost $emulator.BaseUri -GraphEndpoint $emulator.BaseUri
    Write-Host '(the demo also passes -AuthorityHost and -GraphEndpoint, pointing at the emulator)' -ForegroundColor DarkGray

    Show-Step 'Get-O365ServiceStatus | Format-Table Id, Status, StatusTime, IncidentIds -AutoSize'
    Get-O365ServiceStatus | Format-Table Id, Status, StatusTime, IncidentIds -AutoSize | Show-Output

    Show-Step 'Get-O365ServiceMessage | Group-Object MessageType -NoElement'
    Get-O365ServiceMessage | Group-Object MessageType -NoElement | Show-Output

    Show-Step 'Get-O365ServiceMessage | Where-Object MessageType -eq MessageCenter | Group-Object Severity -NoElement'
    Get-O365ServiceMessage | Where-Object MessageType -eq MessageCenter | Group-Object Severity -NoElement | Show-Output

    Show-Step "Get-O365ServiceMessage | Where-Object { `$_.Id -eq 'LY197383' }"
    Get-O365ServiceMessage | Where-Object { $_.Id -eq 'LY197383' } | Show-Output

    Show-Step 'Get-O365ServiceMessage -Id LY197383 | Select-Object -ExpandProperty Messages'
    Get-O365ServiceMessage -Id LY197383 | Select-Object -ExpandProperty Messages | Show-Output

    Show-Step 'Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage'
    Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage | Show-Output

    # Beyond the old workflow: filters at the source, and the files behind the messages.
    Show-Step 'Get-O365ServiceMessage -Service SharePoint -Active'
    Get-O365ServiceMessage -Service SharePoint -Active | Show-Output

    Show-Step 'Get-O365ServiceMessage -MessageType MessageCenter -Since 2020-09-01 -Severity High, Critical'
    Get-O365ServiceMessage -MessageType MessageCenter -Since 2020-09-01 -Severity High, Critical | Show-Output

    $reports = Join-Path ([IO.Path]::GetTempPath()) "o365sc-demo-$PID"
    Show-Step "Get-O365ServiceMessage -Status PostIncidentReviewPublished | Save-O365ServiceIncidentReport -Path $reports"
    Get-O365ServiceMessage -Status PostIncidentReviewPublished | Save-O365ServiceIncidentReport -Path $reports |
        Format-Table Name, Length -AutoSize | Show-Output
    Remove-Item $reports -Recurse -Force -ErrorAction Ignore

    # The last step of the old workflow: publish it further.
    $published = New-Item -ItemType Directory -Path (Join-Path (Split-Path $PSScriptRoot -Parent) 'out/demo') -Force
    Show-Step 'Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage | ConvertTo-O365ServiceFeed -Format Rss -Path out/demo/health.xml'
    Get-O365ServiceStatus | Where-Object IncidentIds | Get-O365ServiceMessage |
        ConvertTo-O365ServiceFeed -Format Rss -Path (Join-Path $published 'health.xml') | Show-Output

    Show-Step 'Export-O365ServiceHealthReport -Path out/demo/status.html'
    Export-O365ServiceHealthReport -Path (Join-Path $published 'status.html') | Show-Output

    $requests = @(Get-EmulatorRequest $emulator)
    $tokens = @($requests | Where-Object path -like '*/oauth2/v2.0/token').Count
    Write-Host ("The whole session cost {0} token request and {1} Graph requests." -f $tokens, ($requests.Count - $tokens)) -ForegroundColor Cyan
}
finally {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $emulator
}
