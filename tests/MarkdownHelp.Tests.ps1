# The markdown-to-help converter that build.ps1 uses when PlatyPS is not installed (tools/MarkdownHelp.psm1). The
# expected MAML shape is PlatyPS's (New-ExternalHelp, schema 2.0.0): its own end-to-end cases are among these.
BeforeAll {
    $ErrorActionPreference = 'Stop'
    Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'tools/MarkdownHelp.psm1') -Force

    function global:Test-HelpFixture {
        [CmdletBinding(DefaultParameterSetName = 'ByName')]
        param(
            [Parameter(Mandatory, Position = 0, ParameterSetName = 'ByName')] [Alias('Workload')] [string[]] $Name,
            [Parameter(Mandatory, ParameterSetName = 'ById', ValueFromPipelineByPropertyName)] [string] $Id,
            [ValidateSet('Incident', 'MessageCenter')] [string] $MessageType,
            [switch] $PassThru
        )
    }

    $script:Page = @'
---
external help file: Fixture-Help.xml
Module Name: Fixture
online version:
schema: 2.0.0
---

# Test-HelpFixture

## SYNOPSIS
Tests the converter.

## SYNTAX

### ByName (Default)
```
Test-HelpFixture [-Name] <String[]> [-MessageType <String>] [-PassThru] [<CommonParameters>]
```

## DESCRIPTION
Hello,

I'm a multiline description
with a soft line break, a [link](https://example.com/x), a [relative link](Other.md), **bold** text,
an \<escaped\> bracket, `inline code` and about_CommonParameters.

- first item
- second item

## EXAMPLES

### Example 1
```powershell
PS C:\> Test-HelpFixture -Name a
```

This is example 1 remark.

### Example 2: With a long title
This is an example introduction.

```powershell
PS C:\> Test-HelpFixture -Id 1
```

This is example 2 remark.

## PARAMETERS

### -Name
The names.

```yaml
Type: String[]
Parameter Sets: ByName
Aliases: Workload

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: True
```

### -Id
The id.

```yaml
Type: String
Parameter Sets: ById
Aliases:

Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -MessageType
The type.

```yaml
Type: String
Parameter Sets: (All)
Aliases:
Accepted values: Incident, MessageCenter

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -PassThru
Returns something.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
A name.

## OUTPUTS

### System.Object
Something.

## NOTES
A note.

## RELATED LINKS

[Online](https://example.com/online)

[Other](Other.md)
'@
    $script:PagePath = Join-Path $TestDrive 'Test-HelpFixture.md'
    Set-Content -LiteralPath $script:PagePath -Value $script:Page
    $script:Maml = ConvertTo-MamlHelp -Help (Read-CommandHelpMarkdown -Path $script:PagePath)
    $script:Ns = [System.Xml.XmlNamespaceManager]::new($script:Maml.NameTable)
    $script:Ns.AddNamespace('msh', 'http://msh')
    $script:Ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $script:Ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $script:Ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    function Select-Maml([string] $XPath) { @($script:Maml.SelectNodes($XPath, $script:Ns)) }
    $script:Command = '/msh:helpItems/command:command'
}

AfterAll {
    Remove-Item function:Test-HelpFixture -ErrorAction Ignore
}

Describe 'Command pages to MAML' {
    It 'names the command, its verb and noun, and gives the synopsis' {
        (Select-Maml "$Command/command:details/command:name").InnerText | Should -Be 'Test-HelpFixture'
        (Select-Maml "$Command/command:details/command:verb").InnerText | Should -Be 'Test'
        (Select-Maml "$Command/command:details/command:noun").InnerText | Should -Be 'HelpFixture'
        (Select-Maml "$Command/command:details/maml:description/maml:para").InnerText | Should -Be 'Tests the converter.'
    }

    It 'makes one paragraph per markdown paragraph and per list item' {
        $paragraphs = (Select-Maml "$Command/maml:description/maml:para").InnerText
        $paragraphs.Count | Should -Be 4
        $paragraphs[0] | Should -Be 'Hello,'
        $paragraphs[2] | Should -Be '- first item'
        $paragraphs[3] | Should -Be '- second item'
    }

    It 'joins soft line breaks and removes markdown syntax, keeping absolute link addresses and inline code' {
        $text = (Select-Maml "$Command/maml:description/maml:para")[1].InnerText
        $text | Should -BeExactly ("I'm a multiline description with a soft line break, a link (https://example.com/x), a relative link, " +
            'bold text, an <escaped> bracket, `inline code` and about_CommonParameters.')
    }

    It 'pads example titles with dashes to 64 characters and keeps code and remarks' {
        $titles = (Select-Maml "$Command/command:examples/command:example/maml:title").InnerText
        $titles[0].Length | Should -Be 63
        $titles[0] | Should -Match '^-+ Example 1 -+$'
        $titles[1].Length | Should -Be 64
        $titles[1] | Should -Match '^-+ Example 2: With a long title -+$'
        (Select-Maml "$Command/command:examples/command:example/dev:code")[0].InnerText | Should -Be 'PS C:\> Test-HelpFixture -Name a'
        (Select-Maml "$Command/command:examples/command:example/dev:remarks/maml:para")[0].InnerText | Should -Be 'This is example 1 remark.'
        (Select-Maml "$Command/command:examples/command:example[2]/dev:remarks/maml:para").InnerText |
            Should -Be @('This is an example introduction.', 'This is example 2 remark.')
    }

    It 'describes each documented parameter with the attributes of its yaml block' {
        $parameters = Select-Maml "$Command/command:parameters/command:parameter"
        $parameters.Count | Should -Be 4
        $name = $parameters | Where-Object { $_.name -eq 'Name' }
        $name.required | Should -Be 'true'
        $name.position | Should -Be '0'
        $name.aliases | Should -Be 'Workload'
        $name.globbing | Should -Be 'true'
        $name.description.para | Should -Be 'The names.'
        $name.type.name | Should -Be 'String[]'
        $id = $parameters | Where-Object { $_.name -eq 'Id' }
        $id.pipelineInput | Should -Be 'True (ByPropertyName)'
        $id.position | Should -Be 'named'
        $id.aliases | Should -Be 'none'
        $switch = $parameters | Where-Object { $_.name -eq 'PassThru' }
        $switch.defaultValue | Should -Be 'False'
        $switch.parameterValue.required | Should -Be 'false'
    }

    It 'builds one syntax item per parameter set of the command, the default set first' {
        $items = Select-Maml "$Command/command:syntax/command:syntaxItem"
        $items.Count | Should -Be 2
        @($items[0].parameter.name) | Should -Be @('Name', 'MessageType', 'PassThru')
        @($items[1].parameter.name) | Should -Be @('Id', 'MessageType', 'PassThru')
        ($items[0].parameter | Where-Object name -eq 'Name').required | Should -Be 'true'
        ($items[0].parameter | Where-Object name -eq 'MessageType').parameterValueGroup.parameterValue.'#text' | Should -Be @('Incident', 'MessageCenter')
        # As in PlatyPS, a switch shows no value in the syntax.
        ($items[0].parameter | Where-Object name -eq 'PassThru').parameterValue | Should -BeNullOrEmpty
    }

    It 'lists inputs, outputs and notes' {
        (Select-Maml "$Command/command:inputTypes/command:inputType/dev:type/maml:name").InnerText | Should -Be 'System.String'
        (Select-Maml "$Command/command:returnValues/command:returnValue/dev:type/maml:name").InnerText | Should -Be 'System.Object'
        (Select-Maml "$Command/maml:alertSet/maml:alert/maml:para").InnerText | Should -Be 'A note.'
    }

    It 'keeps absolute related links and drops the address of relative ones' {
        (Select-Maml "$Command/command:relatedLinks/maml:navigationLink/maml:linkText").InnerText | Should -Be @('Online', 'Other')
        @((Select-Maml "$Command/command:relatedLinks/maml:navigationLink/maml:uri").InnerText) | Should -Be @('https://example.com/online', '')
    }

    It 'refuses a parameter without a yaml block, naming the page' {
        $broken = Join-Path $TestDrive 'Broken.md'
        Set-Content -LiteralPath $broken -Value ($script:Page -replace '(?s)(### -PassThru\s+Returns something\.\s+)```yaml.+?```', '$1')
        { Read-CommandHelpMarkdown -Path $broken } | Should -Throw "*Broken.md*-PassThru has no yaml block*"
    }

    It 'gives Get-Help a complete page' {
        $folder = Join-Path $TestDrive 'help'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $script:Maml.Save((Join-Path $folder 'Fixture-Help.xml'))
        # Get-Help reads a MAML file it is pointed at through the .ExternalHelp comment of a function.
        $definition = "<#`n.ExternalHelp $(Join-Path $folder 'Fixture-Help.xml')`n#>`n" + (Get-Command Test-HelpFixture).Definition
        Set-Item -Path function:global:Test-HelpFixture -Value ([scriptblock]::Create($definition))
        $help = Get-Help Test-HelpFixture -Full
        $help.Synopsis | Should -Be 'Tests the converter.'
        @($help.examples.example).Count | Should -Be 2
        ($help.parameters.parameter | Where-Object name -eq 'Name').description.Text | Should -Be 'The names.'
    }
}

Describe 'About pages to help text' {
    BeforeAll {
        $about = @'
---
description: A fixture
Locale: en-US
schema: 2.0.0
title: about_Fixture
---

# about_Fixture

## about_Fixture

# SHORT DESCRIPTION
Short.

# LONG DESCRIPTION
A paragraph long enough to be wrapped because it goes on and on past the eightieth column of the terminal window.

1. A numbered item that is long enough to be wrapped onto a second line, which is indented under its text.
2. Second.

## A section
```
Get-Thing | Format-Table
```
'@
        $path = Join-Path $TestDrive 'about_Fixture.md'
        Set-Content -LiteralPath $path -Value $about
        $script:Lines = (ConvertTo-AboutHelpText -Path $path) -split "`r?`n"
    }

    It 'starts with TOPIC and the topic name' {
        $script:Lines[0] | Should -BeExactly 'TOPIC'
        $script:Lines[1] | Should -BeExactly '    about_fixture'
        $script:Lines[3] | Should -BeExactly 'SHORT DESCRIPTION'
        $script:Lines[4] | Should -BeExactly '    Short.'
    }

    It 'wraps text at 80 columns with an indent of four, list items hanging' {
        $script:Lines | Should -Contain 'LONG DESCRIPTION'
        $script:Lines | Where-Object Length -gt 80 | Should -BeNullOrEmpty
        $start = [array]::IndexOf($script:Lines, 'LONG DESCRIPTION')
        $script:Lines[$start + 1] | Should -Match '^    A paragraph long enough'
        $script:Lines[$start + 2] | Should -Match '^    \S'
        $item = [array]::IndexOf($script:Lines, ($script:Lines | Where-Object { $_ -like '    1. A numbered*' }))
        $script:Lines[$item + 1] | Should -Match '^       \S'
        $script:Lines | Should -Contain '    2. Second.'
    }

    It 'keeps level-2 headings and indents code' {
        $script:Lines | Should -Contain 'A section'
        $script:Lines | Should -Contain '    Get-Thing | Format-Table'
    }
}
