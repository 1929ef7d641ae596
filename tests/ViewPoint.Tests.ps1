# Read, archived and favorite state: Set-O365ServiceMessage, and the emulator's viewpoint actions.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator
    $script:Api = "$($script:Emulator.BaseUri)/v1.0/admin/serviceAnnouncement"

    function New-DelegatedToken {
        param([string] $User, [string[]] $Scopes)
        $body = @{}
        if ($User) { $body.user = $User }
        if ($Scopes) { $body.scopes = $Scopes }
        (Invoke-EmulatorControl -Emulator $script:Emulator -Path 'tokens/delegated' -Method Post -Body $body).access_token
    }

    function New-AppToken {
        $form = @{
            grant_type = 'client_credentials'; client_id = $script:DemoTenant.ClientId
            client_secret = $script:DemoTenant.ClientSecret; scope = 'https://graph.microsoft.com/.default'
        }
        (Invoke-RestMethod -Method Post -Uri "$($script:Emulator.BaseUri)/$($script:DemoTenant.TenantDomain)/oauth2/v2.0/token" -Body $form).access_token
    }

    function Invoke-Graph {
        param([string] $Token, [string] $Path, [string] $Method = 'Get', [object] $Body)
        $parameters = @{
            Uri = "$script:Api/$Path"; Method = $Method; Headers = @{ Authorization = "Bearer $Token" }
            SkipHttpErrorCheck = $true; StatusCodeVariable = 'status'
        }
        if ($PSBoundParameters.ContainsKey('Body')) {
            $parameters.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Compress }
            $parameters.ContentType = 'application/json'
        }
        $answer = Invoke-RestMethod @parameters
        [pscustomobject]@{ Status = $status; Body = $answer }
    }

    # What -WhatIf and -Confirm write to the host, read back from a transcript.
    function Get-HostOutput {
        param([scriptblock] $Action)
        $path = Join-Path $TestDrive "$([guid]::NewGuid()).txt"
        Start-Transcript -Path $path -UseMinimalHeader | Out-Null
        try { & $Action | Out-Null }
        finally { Stop-Transcript | Out-Null }
        Get-Content $path
    }
}

AfterAll {
    Disconnect-O365ServiceComms -Force
    Stop-Emulator $script:Emulator
}

Describe 'The emulator''s viewpoint actions' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'changes the state of every posted id for the signed-in user only, and answers {"value": true}' {
        $megan = New-DelegatedToken
        $alex = New-DelegatedToken -User 'alex@contoso.onmicrosoft.com'

        $answer = Invoke-Graph -Token $megan -Path messages/markRead -Method Post -Body @{ messageIds = @('MC172851', 'mc191300') }
        $answer.Status | Should -Be 200
        $answer.Body.value | Should -BeTrue

        (Invoke-Graph -Token $megan -Path messages/MC172851).Body.viewPoint.isRead | Should -BeTrue
        (Invoke-Graph -Token $megan -Path messages/MC191300).Body.viewPoint.isRead | Should -BeTrue
        (Invoke-Graph -Token $megan -Path messages/MC181500).Body.viewPoint.isRead | Should -BeFalse
        (Invoke-Graph -Token $alex -Path messages/MC172851).Body.viewPoint.isRead | Should -BeFalse
        $request = Get-EmulatorRequest $script:Emulator | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/markRead' }
        $request.body | Should -Be '{"messageIds":["MC172851","mc191300"]}'
    }

    It 'applies <Action> and its opposite' -ForEach @(
        @{ Action = 'markRead'; Opposite = 'markUnread'; Property = 'isRead' }
        @{ Action = 'archive'; Opposite = 'unarchive'; Property = 'isArchived' }
        @{ Action = 'favorite'; Opposite = 'unfavorite'; Property = 'isFavorited' }
    ) {
        $token = New-DelegatedToken
        $ids = @{ messageIds = @('MC172851') }
        (Invoke-Graph -Token $token -Path "messages/$Action" -Method Post -Body $ids).Status | Should -Be 200
        $viewPoint = (Invoke-Graph -Token $token -Path messages/MC172851).Body.viewPoint
        $viewPoint.$Property | Should -BeTrue
        @('isRead', 'isArchived', 'isFavorited') | Where-Object { $_ -ne $Property } | ForEach-Object { $viewPoint.$_ | Should -BeFalse }

        (Invoke-Graph -Token $token -Path "messages/$Opposite" -Method Post -Body $ids).Status | Should -Be 200
        (Invoke-Graph -Token $token -Path messages/MC172851).Body.viewPoint.$Property | Should -BeFalse
    }

    It 'shows each user''s state in the list, and none to an app' {
        $token = New-DelegatedToken
        Invoke-Graph -Token $token -Path messages/favorite -Method Post -Body @{ messageIds = @('MC172851') } | Out-Null
        $list = (Invoke-Graph -Token $token -Path "messages?`$filter=$([uri]::EscapeDataString("id eq 'MC172851' or id eq 'MC191300'"))").Body.value
        ($list | Where-Object id -eq 'MC172851').viewPoint.isFavorited | Should -BeTrue
        ($list | Where-Object id -eq 'MC191300').viewPoint.isFavorited | Should -BeFalse

        $app = (Invoke-Graph -Token (New-AppToken) -Path messages/MC172851).Body
        $app.PSObject.Properties.Name | Should -Contain 'viewPoint'
        $app.viewPoint | Should -BeNullOrEmpty
    }

    It 'refuses an app-only token with 403, changing nothing' {
        $answer = Invoke-Graph -Token (New-AppToken) -Path messages/markRead -Method Post -Body @{ messageIds = @('MC172851') }
        $answer.Status | Should -Be 403
        $answer.Body.error.code | Should -Be 'UnknownError'
        (Invoke-Graph -Token (New-DelegatedToken) -Path messages/MC172851).Body.viewPoint.isRead | Should -BeFalse
    }

    It 'refuses a user token without ServiceMessageViewpoint.Write with 403' {
        $readOnly = New-DelegatedToken -Scopes 'ServiceMessage.Read.All'
        (Invoke-Graph -Token $readOnly -Path messages/archive -Method Post -Body @{ messageIds = @('MC172851') }).Status | Should -Be 403
        (Invoke-Graph -Token $readOnly -Path messages/MC172851).Status | Should -Be 200
    }

    It 'answers 400 for <Case>, changing nothing' -ForEach @(
        @{ Case = 'an unknown id among known ones'; Body = '{"messageIds":["MC172851","MC000000"]}' }
        @{ Case = 'an empty list'; Body = '{"messageIds":[]}' }
        @{ Case = 'no messageIds'; Body = '{"ids":["MC172851"]}' }
        @{ Case = 'a body that is not JSON'; Body = 'MC172851' }
    ) {
        $token = New-DelegatedToken
        $answer = Invoke-Graph -Token $token -Path messages/markRead -Method Post -Body $Body
        $answer.Status | Should -Be 400
        $answer.Body.error.code | Should -Be 'BadRequest'
        (Invoke-Graph -Token $token -Path messages/MC172851).Body.viewPoint.isRead | Should -BeFalse
    }

    It 'forgets every user''s state on reset' {
        $token = New-DelegatedToken
        Invoke-Graph -Token $token -Path messages/markRead -Method Post -Body @{ messageIds = @('MC172851') } | Out-Null
        Reset-Emulator $script:Emulator
        (Invoke-Graph -Token $token -Path messages/MC172851).Body.viewPoint.isRead | Should -BeFalse
    }
}

Describe 'Set-O365ServiceMessage under an app-only sign-in' {
    BeforeAll {
        Connect-DemoTenant -Emulator $script:Emulator
        $script:PlanForChange = @(Get-O365ServiceMessage -MessageType MessageCenter -Category PlanForChange | Select-Object -First 3)
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'says that read, archived and favorite state needs a delegated sign-in, without any request' {
        $failure = $null
        try { Set-O365ServiceMessage -Id MC172851 -IsRead $true } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be 'DelegatedSignInRequired,O365ServiceComms.Cmdlets.SetO365ServiceMessageCommand'
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure.TargetObject | Should -Be $script:DemoTenant.TenantDomain
        $failure.Exception.Message | Should -Match 'delegated \(user\) sign-in'
        $failure.Exception.Message | Should -Match '-DeviceCode or -Interactive'
        $failure.Exception.Message | Should -Match 'ServiceMessageViewpoint\.Write'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'refuses piped posts once, before the first one' {
        { $script:PlanForChange | Set-O365ServiceMessage -IsArchived $true } | Should -Throw -ErrorId 'DelegatedSignInRequired,*'
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'with -WhatIf names each piped post and every change, and sends nothing' {
        $output = Get-HostOutput { $script:PlanForChange | Set-O365ServiceMessage -IsRead $true -IsArchived $false -IsFavorited $true -WhatIf }
        foreach ($post in $script:PlanForChange) {
            $output | Should -Contain "What if: Performing the operation `"Mark as read, unarchive, add to favorites`" on target `"$($post.Id)`"."
        }
        @($output -like 'What if:*').Count | Should -Be $script:PlanForChange.Count
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'honours $WhatIfPreference as -WhatIf' {
        $output = Get-HostOutput { $WhatIfPreference = $true; Set-O365ServiceMessage MC172851, MC172851 -IsRead $false }
        @($output -like 'What if:*') | Should -Be @('What if: Performing the operation "Mark as unread" on target "MC172851".')
        Get-EmulatorRequest $script:Emulator | Should -BeNullOrEmpty
    }

    It 'reports ids that are not Message Center posts and goes on with the rest' {
        $ErrorActionPreference = 'Continue'
        $output = Get-HostOutput { $script:errors = @(Set-O365ServiceMessage -Id LY197383, 'x y', MC172851 -IsRead $true -WhatIf 2>&1) }
        $script:errors.Count | Should -Be 2
        $script:errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*' }
        $script:errors[0].Exception.Message | Should -Match "'LY197383' is not a Message Center post id"
        @($output -like 'What if:*').Count | Should -Be 1
    }

    It 'needs at least one state to set' {
        { Set-O365ServiceMessage -Id MC172851 } | Should -Throw -ErrorId 'InvalidArgument,*'
        { Set-O365ServiceMessage -Id MC172851 } | Should -Throw '*-IsRead, -IsArchived and -IsFavorited*'
    }

    It 'refuses strings for the switches, as PowerShell does for [bool] parameters' {
        { Set-O365ServiceMessage -Id MC172851 -IsRead 'false' -WhatIf } | Should -Throw -ErrorId 'CannotConvertArgument,*'
    }
}

Describe 'Set-O365ServiceMessage under a delegated sign-in' {
    # Connect-O365ServiceComms -AccessToken comes with the delegated sign-ins (issue 3); until then this is skipped.
    It 'changes the state with one POST per change for all piped posts' {
        $command = Get-Command Connect-O365ServiceComms
        if (-not $command.Parameters.ContainsKey('AccessToken')) {
            Set-ItResult -Skipped -Because 'Connect-O365ServiceComms has no -AccessToken yet (delegated sign-ins, issue 3)'
            return
        }
        Reset-Emulator $script:Emulator
        $connect = @{
            AccessToken   = ConvertTo-SecureString (New-DelegatedToken) -AsPlainText -Force
            GraphEndpoint = $script:Emulator.BaseUri
        }
        $accessTokenSets = @($command.Parameters['AccessToken'].ParameterSets.Keys)
        if (@($command.Parameters['TenantId'].ParameterSets.Keys | Where-Object { $_ -in $accessTokenSets -or $_ -eq '__AllParameterSets' })) {
            $connect.TenantId = $script:DemoTenant.TenantId
        }
        Connect-O365ServiceComms @connect
        $posts = @(Get-O365ServiceMessage -MessageType MessageCenter -Category PlanForChange | Select-Object -First 3)

        $posts | Set-O365ServiceMessage -IsRead $true -IsFavorited $true

        $posts | Get-O365ServiceMessage | ForEach-Object {
            $_.ViewPoint.IsRead | Should -BeTrue
            $_.ViewPoint.IsFavorited | Should -BeTrue
            $_.ViewPoint.IsArchived | Should -BeFalse
        }
        $posts = @(Get-EmulatorRequest $script:Emulator | Where-Object method -eq 'POST')
        $posts.path | Should -Be @("/v1.0/admin/serviceAnnouncement/messages/markRead", "/v1.0/admin/serviceAnnouncement/messages/favorite")
        ($posts[0].body | ConvertFrom-Json).messageIds.Count | Should -Be 3
    }
}
