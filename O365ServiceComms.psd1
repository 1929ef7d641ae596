@{
    RootModule           = 'bin/O365ServiceComms.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5b8f2c1e-7d0a-4e52-9b1f-3c6a8e2d4f70'
    Author               = 'O365ServiceComms contributors'
    CompanyName          = 'O365ServiceComms'
    Copyright            = '(c) O365ServiceComms contributors. MIT License.'
    Description          = 'Microsoft 365 service health and Message Center from PowerShell: what is broken in your tenant right now, and what Microsoft is changing. Built on the Microsoft Graph service communications API, with the property names of the retired Office 365 Service Communications API.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('O365ServiceComms.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-O365ServiceComms'
        'Disconnect-O365ServiceComms'
        'Get-O365ServiceCommsConnection'
        'Get-O365ServiceStatus'
        'Get-O365ServiceMessage'
        'Get-O365ServiceMessageAttachment'
        'Save-O365ServiceIncidentReport'
        'Save-O365ServiceMessageAttachment'
        'Set-O365ServiceMessage'
        'ConvertTo-O365ServiceFeed'
        'Export-O365ServiceHealthReport'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Office365', 'Microsoft365', 'ServiceHealth', 'MicrosoftGraph', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/O365ServiceComms/O365ServiceComms'
            LicenseUri   = 'https://github.com/O365ServiceComms/O365ServiceComms/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md in the module folder or https://github.com/O365ServiceComms/O365ServiceComms/blob/main/CHANGELOG.md'
        }
    }
}
