<#
    Turns help pages in PlatyPS markdown (schema 2.0.0, docs/en-US) into what Get-Help reads offline: a MAML file for
    the cmdlets (<Assembly>.dll-Help.xml) and about_*.help.txt files. build.ps1 uses it when PlatyPS is not installed;
    it covers the part of the schema this project uses and writes the same MAML shape as PlatyPS's New-ExternalHelp:

    - SYNOPSIS, DESCRIPTION, NOTES, INPUTS/OUTPUTS (### type name + text), RELATED LINKS (links; relative ones keep
      their text and lose their address, as Get-Help accepts only absolute URIs).
    - EXAMPLES: ### title (padded with dashes to 64 characters), code blocks (joined by a blank line), remarks.
    - PARAMETERS: ### -Name, description, the yaml block (Type, Parameter Sets, Aliases, Accepted values, Required,
      Position, Default value, Accept pipeline input, Accept wildcard characters); ### CommonParameters is skipped.
    - Text: paragraphs are separated by blank lines; the lines of a paragraph are joined, except list items, which
      keep their own line; markdown escapes, emphasis and link syntax are removed (links keep an absolute address in
      parentheses), inline code keeps its backticks.
    - SYNTAX comes from the cmdlet itself (its parameter sets), not from the SYNTAX block of the page.

    Only the command metadata (for SYNTAX) needs the module; everything else comes from the markdown.
#>

Set-StrictMode -Version Latest

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:MSHelpNamespace = 'http://msdn.microsoft.com/mshelp'
$script:KnownYamlKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position', 'Default value',
    'Accept pipeline input', 'Accept wildcard characters', 'Applicable')

#region Markdown blocks

# Splits a page into its yaml front matter and a flat list of blocks: headings, fenced code blocks and paragraphs
# (runs of non-blank lines).
function ConvertTo-MarkdownBlock {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Markdown, [string] $Source = 'markdown')

    $lines = $Markdown -replace "`r`n?", "`n" -split "`n"
    $index = 0
    $metadata = [ordered]@{}
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $index = 1
        while ($index -lt $lines.Count -and $lines[$index].Trim() -ne '---') {
            if ($lines[$index] -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { $metadata[$Matches[1]] = $Matches[2] }
            $index++
        }
        $index++
    }

    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $flush = {
        if ($paragraph.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'Paragraph'; Lines = $paragraph.ToArray() })
            $paragraph.Clear()
        }
    }
    while ($index -lt $lines.Count) {
        $line = $lines[$index]
        if ($line -match '^\s*```\s*([\w-]*)\s*$') {
            . $flush
            $language = $Matches[1]
            $code = [System.Collections.Generic.List[string]]::new()
            $start = $index + 1
            $index++
            while ($index -lt $lines.Count -and $lines[$index] -notmatch '^\s*```\s*$') {
                $code.Add($lines[$index])
                $index++
            }
            if ($index -ge $lines.Count) { throw "${Source}: the code block that starts at line $start is not closed." }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Language = $language; Lines = $code.ToArray() })
        }
        elseif ($line -match '^(#{1,6})\s+(.+?)\s*#*\s*$') {
            . $flush
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2] })
        }
        elseif ([string]::IsNullOrWhiteSpace($line)) {
            . $flush
        }
        else {
            $paragraph.Add($line.TrimEnd())
        }
        $index++
    }
    . $flush
    [pscustomobject]@{ Metadata = $metadata; Blocks = $blocks.ToArray() }
}

function Test-ListItem([string] $Line) { $Line -match '^\s*([-*+]|\d+[.)])\s' }

# Inline markdown to plain text: escapes, emphasis and link syntax go; backticks stay, as PlatyPS keeps them.
function ConvertFrom-MarkdownInline {
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]*)\)', {
            param($match)
            $uri = $match.Groups[2].Value
            if ($uri -match '^[a-z][a-z0-9+.-]*://') { '{0} ({1})' -f $match.Groups[1].Value, $uri } else { $match.Groups[1].Value }
        })
    $Text = $Text -replace '\*\*(.+?)\*\*', '$1' -replace '(?<![A-Za-z0-9])__(.+?)__(?![A-Za-z0-9])', '$1'
    $Text = $Text -replace '(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])', '$1' -replace '(?<![A-Za-z0-9_])_(?!\s)(.+?)(?<!\s)_(?![A-Za-z0-9_])', '$1'
    $Text -replace '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1'
}

# The paragraphs of a text section: joined lines, list items on lines of their own, code blocks line by line.
function Get-TextParagraph {
    param([object[]] $Blocks)
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Code') {
            foreach ($line in $block.Lines) { $line.TrimEnd() }
            continue
        }
        $current = $null
        foreach ($line in $block.Lines) {
            if ((Test-ListItem $line) -or $null -eq $current) {
                if ($null -ne $current) { ConvertFrom-MarkdownInline $current }
                $current = $line.Trim()
            }
            else {
                $current = $current + ' ' + $line.Trim()
            }
        }
        if ($null -ne $current) { ConvertFrom-MarkdownInline $current }
    }
}

#endregion

#region Command pages

function Read-YamlParameterMetadata {
    param([string[]] $Lines, [string] $Source)
    $values = @{}
    foreach ($line in $Lines) {
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        if ($line -notmatch '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { throw "${Source}: '$line' in a parameter's yaml block is not a 'key: value' pair." }
        if ($Matches[1] -notin $script:KnownYamlKeys) { throw "${Source}: unknown key '$($Matches[1])' in a parameter's yaml block." }
        $values[$Matches[1]] = if ($Matches[2]) { $Matches[2] } else { $null }
    }
    $split = { param($value) if ($value) { @($value -split ',' | ForEach-Object Trim | Where-Object { $_ }) } else { @() } }
    [pscustomobject]@{
        Type           = $values['Type']
        ParameterSets  = @(& $split $values['Parameter Sets'])
        Aliases        = @(& $split $values['Aliases'])
        AcceptedValues = @(& $split $values['Accepted values'])
        Required       = $values['Required'] -eq 'true'
        Position       = if ($values['Position']) { $values['Position'].ToLowerInvariant() } else { 'named' }
        DefaultValue   = $values['Default value']
        PipelineInput  = if ($values['Accept pipeline input']) { $values['Accept pipeline input'] } else { 'False' }
        Globbing       = $values['Accept wildcard characters'] -eq 'true'
    }
}

<#
.SYNOPSIS
    Reads one command page in PlatyPS markdown into a help object (name, synopsis, description, examples,
    parameters, inputs, outputs, notes, links).
#>
function Read-CommandHelpMarkdown {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $document = ConvertTo-MarkdownBlock -Markdown (Get-Content -LiteralPath $Path -Raw) -Source $Path
    $blocks = $document.Blocks
    if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1) {
        throw "${Path}: a command page starts with '# <command name>'."
    }

    $help = [ordered]@{
        Name = $blocks[0].Text; Synopsis = @(); Description = @(); Examples = @(); Parameters = @()
        Inputs = @(); Outputs = @(); Notes = @(); Links = @(); Source = $Path
    }

    # Sections: '## NAME' followed by blocks up to the next level-2 heading.
    $sections = [ordered]@{}
    $current = $null
    for ($i = 1; $i -lt $blocks.Count; $i++) {
        $block = $blocks[$i]
        if ($block.Kind -eq 'Heading' -and $block.Level -le 2) {
            if ($block.Level -eq 1) { throw "${Path}: one command per page; found a second '# $($block.Text)'." }
            $current = $block.Text.ToUpperInvariant()
            $sections[$current] = [System.Collections.Generic.List[object]]::new()
        }
        elseif ($null -eq $current) { throw "${Path}: text before the first '## ' section." }
        else { $sections[$current].Add($block) }
    }

    # Level-3 entries of a section: heading text and the blocks under it.
    $entries = {
        param($sectionBlocks)
        $entry = $null
        foreach ($block in $sectionBlocks) {
            if ($block.Kind -eq 'Heading' -and $block.Level -eq 3) {
                if ($entry) { [pscustomobject]$entry }
                $entry = @{ Title = $block.Text; Blocks = [System.Collections.Generic.List[object]]::new() }
            }
            elseif ($entry) { $entry.Blocks.Add($block) }
        }
        if ($entry) { [pscustomobject]$entry }
    }

    foreach ($name in $sections.Keys) {
        $sectionBlocks = $sections[$name].ToArray()
        switch ($name) {
            'SYNOPSIS' { $help.Synopsis = @(Get-TextParagraph $sectionBlocks) }
            'DESCRIPTION' { $help.Description = @(Get-TextParagraph $sectionBlocks) }
            'NOTES' { $help.Notes = @(Get-TextParagraph $sectionBlocks) }
            'SYNTAX' { }  # taken from the cmdlet
            'EXAMPLES' {
                $help.Examples = @(foreach ($entry in & $entries $sectionBlocks) {
                        $entryBlocks = $entry.Blocks.ToArray()
                        $code = @($entryBlocks | Where-Object Kind -eq 'Code')
                        if ($code.Count -eq 0) { throw "${Path}: example '$($entry.Title)' has no code block." }
                        $lastCode = [array]::LastIndexOf($entryBlocks, $code[-1])
                        [pscustomobject]@{
                            Title   = $entry.Title
                            Code    = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
                            # Text between or before the code blocks goes ahead of the remarks.
                            Remarks = @(Get-TextParagraph @($entryBlocks[0..$lastCode] | Where-Object Kind -eq 'Paragraph')) +
                                @(Get-TextParagraph @($entryBlocks | Select-Object -Skip ($lastCode + 1)))
                        }
                    })
            }
            'PARAMETERS' {
                $help.Parameters = @(foreach ($entry in & $entries $sectionBlocks) {
                        $parameterName = $entry.Title -replace '^-', ''
                        if ($parameterName -eq 'CommonParameters' -or $parameterName -eq 'WorkflowParameters') { continue }
                        $yaml = @($entry.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' })
                        if ($yaml.Count -eq 0) { throw "${Path}: parameter -$parameterName has no yaml block." }
                        $metadata = Read-YamlParameterMetadata -Lines $yaml[0].Lines -Source $Path
                        $description = @($entry.Blocks | Where-Object { -not ($_.Kind -eq 'Code' -and $_.Language -eq 'yaml') })
                        $metadata | Add-Member -NotePropertyMembers @{
                            Name        = $parameterName
                            Description = @(Get-TextParagraph $description)
                        } -PassThru
                    })
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } {
                $types = @(foreach ($entry in & $entries $sectionBlocks) {
                        [pscustomobject]@{ TypeName = $entry.Title; Description = @(Get-TextParagraph $entry.Blocks.ToArray()) }
                    })
                if ($name -eq 'INPUTS') { $help.Inputs = $types } else { $help.Outputs = $types }
            }
            'RELATED LINKS' {
                $help.Links = @(foreach ($block in $sectionBlocks) {
                        foreach ($line in @($block.Lines)) {
                            if ($line -match '^\s*\[([^\]]+)\]\(([^)]*)\)\s*$') {
                                $text, $uri = $Matches[1], $Matches[2]
                                # Get-Help accepts absolute addresses only (PlatyPS drops the others likewise).
                                if ($uri -notmatch '^[a-z][a-z0-9+.-]*://') { $uri = '' }
                                [pscustomobject]@{ Text = $text; Uri = $uri }
                            }
                            elseif ($line.Trim()) { [pscustomobject]@{ Text = $line.Trim(); Uri = '' } }
                        }
                    })
            }
            default { throw "${Path}: unknown section '## $name'." }
        }
    }
    # Get-Help -Online opens the first related link with an absolute address: the page's online version comes first,
    # as PlatyPS puts it.
    $online = $document.Metadata['online version']
    if ($online -match '^https?://') {
        $help.Links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) + @($help.Links)
    }
    [pscustomobject]$help
}

#endregion

#region MAML

function Add-XmlElement {
    param([System.Xml.XmlNode] $Parent, [string] $Prefix, [string] $Name, [string] $Text, [hashtable] $Attributes)
    $namespace = switch ($Prefix) { 'maml' { $script:MamlNamespace } 'command' { $script:CommandNamespace } 'dev' { $script:DevNamespace } }
    $document = if ($Parent -is [System.Xml.XmlDocument]) { $Parent } else { $Parent.OwnerDocument }
    $element = $document.CreateElement($Prefix, $Name, $namespace)
    if ($Attributes) {
        foreach ($key in $Attributes.Keys | Sort-Object) { $element.SetAttribute($key, [string]$Attributes[$key]) }
    }
    if ($PSBoundParameters.ContainsKey('Text')) { $element.InnerText = $Text }
    $Parent.AppendChild($element)
}

function Add-MamlParagraph {
    param([System.Xml.XmlNode] $Parent, [string[]] $Paragraphs)
    foreach ($paragraph in $Paragraphs) { $null = Add-XmlElement $Parent maml para -Text $paragraph }
}

# Example titles are padded with dashes to 64 characters, as PlatyPS does, so they stand out in Get-Help -Examples.
function Format-ExampleTitle([string] $Title) {
    if ([string]::IsNullOrWhiteSpace($Title) -or $Title.Length -ge 62) { return $Title }
    $pad = [int][math]::Floor((64 - $Title.Length - 2) / 2)
    ('-' * $pad) + " $Title " + ('-' * $pad)
}

function Add-MamlParameter {
    param([System.Xml.XmlNode] $Parent, $Parameter, [bool] $Required, [string] $Position, [switch] $InSyntax)
    $isSwitch = $Parameter.Type -in 'SwitchParameter', 'switch', 'System.Management.Automation.SwitchParameter'
    $typeName = if ($isSwitch) { 'SwitchParameter' } else { [string]$Parameter.Type }
    $element = Add-XmlElement $Parent command parameter -Attributes @{
        required      = $Required.ToString().ToLowerInvariant()
        variableLength = 'true'
        globbing      = $Parameter.Globbing.ToString().ToLowerInvariant()
        pipelineInput = $Parameter.PipelineInput
        position      = $Position
        aliases       = if ($Parameter.Aliases.Count -gt 0) { $Parameter.Aliases -join ', ' } else { 'none' }
    }
    $null = Add-XmlElement $element maml name -Text $Parameter.Name
    Add-MamlParagraph (Add-XmlElement $element maml description) $Parameter.Description
    if ($InSyntax -and $Parameter.AcceptedValues.Count -gt 0) {
        $group = Add-XmlElement $element command parameterValueGroup
        foreach ($value in $Parameter.AcceptedValues) {
            $null = Add-XmlElement $group command parameterValue -Text $value -Attributes @{ required = 'false'; variableLength = 'false' }
        }
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $null = Add-XmlElement $element command parameterValue -Text $typeName -Attributes @{
            required = (-not $isSwitch).ToString().ToLowerInvariant(); variableLength = 'false'
        }
    }
    $type = Add-XmlElement $element dev type
    $null = Add-XmlElement $type maml name -Text $typeName
    $null = Add-XmlElement $type maml uri
    $default = if ($isSwitch -and (-not $Parameter.DefaultValue -or $Parameter.DefaultValue -eq 'None')) { 'False' }
    elseif ($Parameter.DefaultValue) { $Parameter.DefaultValue } else { 'None' }
    $null = Add-XmlElement $element dev defaultValue -Text $default
}

# One syntax item per parameter set of the cmdlet (the default set first): positional parameters in position
# order, then the named ones in declaration order, with this set's Mandatory and Position.
function Add-MamlSyntax {
    param([System.Xml.XmlNode] $Parent, $Help, [System.Management.Automation.CommandInfo] $Command)
    $syntax = Add-XmlElement $Parent command syntax
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $item = Add-XmlElement $syntax command syntaxItem
        $null = Add-XmlElement $item maml name -Text $Help.Name
        $parameters = @($set.Parameters | Where-Object Name -notin $common)
        $ordered = @($parameters | Where-Object Position -ge 0 | Sort-Object Position) + @($parameters | Where-Object Position -lt 0)
        foreach ($parameter in $ordered) {
            $documented = $Help.Parameters | Where-Object Name -eq $parameter.Name | Select-Object -First 1
            if (-not $documented) {
                Write-Warning "$($Help.Source): parameter -$($parameter.Name) of $($Help.Name) is not documented."
                $documented = [pscustomobject]@{
                    Name = $parameter.Name; Type = $parameter.ParameterType.Name; Aliases = @($parameter.Aliases); AcceptedValues = @()
                    Globbing = $false; PipelineInput = 'False'; DefaultValue = $null; Description = @()
                }
            }
            $position = if ($parameter.Position -ge 0) { [string]$parameter.Position } else { 'named' }
            Add-MamlParameter $item $documented -Required $parameter.IsMandatory -Position $position -InSyntax
        }
    }
}

<#
.SYNOPSIS
    Writes the MAML help file for the given command pages. Syntax comes from the commands, which must be loaded.
#>
function ConvertTo-MamlHelp {
    [CmdletBinding()]
    [OutputType([xml])]
    param([Parameter(Mandatory)] [object[]] $Help)

    $document = [System.Xml.XmlDocument]::new()
    $null = $document.AppendChild($document.CreateXmlDeclaration('1.0', 'utf-8', $null))
    $root = $document.CreateElement('helpItems', 'http://msh')
    $root.SetAttribute('schema', 'maml')
    $null = $document.AppendChild($root)

    foreach ($page in $Help) {
        $command = Get-Command -Name $page.Name -CommandType Cmdlet, Function -ErrorAction SilentlyContinue
        if (-not $command) { throw "$($page.Source): no command $($page.Name) is loaded; import the module first." }

        $element = $document.CreateElement('command', 'command', $script:CommandNamespace)
        foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') {
            $namespace = switch ($prefix) { 'maml' { $script:MamlNamespace } 'command' { $script:CommandNamespace } 'dev' { $script:DevNamespace } 'MSHelp' { $script:MSHelpNamespace } }
            $element.SetAttribute("xmlns:$prefix", $namespace)
        }
        $null = $root.AppendChild($element)

        $verb, $noun = $page.Name -split '-', 2
        $details = Add-XmlElement $element command details
        $null = Add-XmlElement $details command name -Text $page.Name
        $null = Add-XmlElement $details command verb -Text $verb
        $null = Add-XmlElement $details command noun -Text $noun
        Add-MamlParagraph (Add-XmlElement $details maml description) $page.Synopsis
        Add-MamlParagraph (Add-XmlElement $element maml description) $page.Description
        Add-MamlSyntax $element $page $command

        $parameters = Add-XmlElement $element command parameters
        foreach ($parameter in $page.Parameters) {
            if (-not $command.Parameters.ContainsKey($parameter.Name)) {
                Write-Warning "$($page.Source): $($page.Name) has no parameter -$($parameter.Name)."
            }
            Add-MamlParameter $parameters $parameter -Required $parameter.Required -Position $parameter.Position
        }

        foreach ($kind in 'Inputs', 'Outputs') {
            $list = Add-XmlElement $element command $(if ($kind -eq 'Inputs') { 'inputTypes' } else { 'returnValues' })
            foreach ($type in $page.$kind) {
                $entry = Add-XmlElement $list command $(if ($kind -eq 'Inputs') { 'inputType' } else { 'returnValue' })
                $null = Add-XmlElement (Add-XmlElement $entry dev type) maml name -Text $type.TypeName
                Add-MamlParagraph (Add-XmlElement $entry maml description) $type.Description
            }
        }

        Add-MamlParagraph (Add-XmlElement (Add-XmlElement $element maml alertSet) maml alert) $page.Notes

        $examples = Add-XmlElement $element command examples
        foreach ($example in $page.Examples) {
            $entry = Add-XmlElement $examples command example
            $null = Add-XmlElement $entry maml title -Text (Format-ExampleTitle $example.Title)
            $null = Add-XmlElement $entry dev code -Text $example.Code
            Add-MamlParagraph (Add-XmlElement $entry dev remarks) $example.Remarks
        }

        $links = Add-XmlElement $element command relatedLinks
        foreach ($link in $page.Links) {
            $entry = Add-XmlElement $links maml navigationLink
            $null = Add-XmlElement $entry maml linkText -Text $link.Text
            $null = Add-XmlElement $entry maml uri -Text $link.Uri
        }
    }
    , $document
}

#endregion

#region About topics

function Format-AboutText {
    param([string] $Text, [int] $Width = 80)
    $indent = '    '
    $isList = Test-ListItem $Text
    $hanging = if ($isList -and $Text -match '^(\s*([-*+]|\d+[.)])\s+)') { ' ' * $Matches[1].Length } else { '' }
    $line = ''
    $first = $true
    foreach ($word in $Text -split ' ') {
        if (-not $word) { continue }
        $prefix = if ($first) { $indent } else { $indent + $hanging }
        if ($line -and ($prefix.Length + $line.Length + 1 + $word.Length) -gt $Width) {
            $prefix + $line
            $line = $word
            $first = $false
        }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { $(if ($first) { $indent } else { $indent + $hanging }) + $line }
}

<#
.SYNOPSIS
    Renders an about topic page in PlatyPS markdown as the plain text of about_<name>.help.txt: TOPIC, the topic name,
    level-1 headings in capitals, text indented by four spaces and wrapped at 80 columns, code indented.
#>
function ConvertTo-AboutHelpText {
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Path)

    $blocks = (ConvertTo-MarkdownBlock -Markdown (Get-Content -LiteralPath $Path -Raw) -Source $Path).Blocks
    $output = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $blocks.Count; $i++) {
        $block = $blocks[$i]
        switch ($block.Kind) {
            'Heading' {
                if ($i -eq 0) { $output.Add('TOPIC') }
                elseif ($i -eq 1 -and $block.Level -eq 2) { $output.Add('    ' + $block.Text.ToLowerInvariant()); $output.Add('') }
                elseif ($block.Level -eq 1) { $output.Add($block.Text.ToUpperInvariant()) }
                elseif ($block.Level -eq 2) { $output.Add($block.Text) }
                else { $output.Add('    ' + $block.Text.ToUpperInvariant()) }
            }
            'Paragraph' {
                foreach ($paragraph in Get-TextParagraph @($block)) { Format-AboutText $paragraph | ForEach-Object { $output.Add($_) } }
                $output.Add('')
            }
            'Code' {
                foreach ($line in $block.Lines) { $output.Add(('    ' + $line).TrimEnd()) }
                $output.Add('')
            }
        }
    }
    ($output -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

#endregion

<#
.SYNOPSIS
    Writes <OutputPath>/<HelpFileName> (MAML for every command page) and about_*.help.txt for every about page.
#>
function New-MarkdownExternalHelp {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputPath,
        [Parameter(Mandatory)] [string] $HelpFileName
    )
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $pages = Get-ChildItem -LiteralPath $Path -Filter *.md | Sort-Object Name
    $commands = @($pages | Where-Object BaseName -notlike 'about_*' | ForEach-Object { Read-CommandHelpMarkdown -Path $_.FullName })
    if ($commands.Count -gt 0) {
        $maml = ConvertTo-MamlHelp -Help $commands
        $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
        $writer = [System.Xml.XmlWriter]::Create((Join-Path $OutputPath $HelpFileName), $settings)
        try { $maml.Save($writer) } finally { $writer.Dispose() }
        Get-Item (Join-Path $OutputPath $HelpFileName)
    }
    foreach ($page in $pages | Where-Object BaseName -like 'about_*') {
        $target = Join-Path $OutputPath "$($page.BaseName).help.txt"
        [System.IO.File]::WriteAllText($target, (ConvertTo-AboutHelpText -Path $page.FullName), [System.Text.UTF8Encoding]::new($false))
        Get-Item $target
    }
}

Export-ModuleMember -Function Read-CommandHelpMarkdown, ConvertTo-MamlHelp, ConvertTo-AboutHelpText, New-MarkdownExternalHelp
