using System;
using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace O365ServiceComms.Text
{
    /// <summary>Turns the HTML of posts and Message Center bodies into the plain text the old API returned.</summary>
    internal static class HtmlText
    {
        private static readonly Regex s_horizontalSpace = new Regex(@"[ \t\f\v\u00A0]+", RegexOptions.Compiled);
        private static readonly Regex s_blankLines = new Regex(@"\n{3,}", RegexOptions.Compiled);

        public static string ToPlainText(string content, string contentType)
        {
            if (string.IsNullOrEmpty(content))
            {
                return content ?? string.Empty;
            }

            string text = string.Equals(contentType, "text", StringComparison.OrdinalIgnoreCase)
                ? content
                : RenderHtml(content);
            return Normalize(text);
        }

        private static string RenderHtml(string html)
        {
            var document = new HtmlDocument();
            document.LoadHtml(html);
            var builder = new StringBuilder(html.Length);
            Render(document.DocumentNode, builder);
            return builder.ToString();
        }

        private static void Render(HtmlNode node, StringBuilder output)
        {
            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    // The service also sends plain text marked as HTML, with "\n" as its line breaks: keep them.
                    output.Append(HtmlEntity.DeEntitize(((HtmlTextNode)node).Text));
                    return;
                case HtmlNodeType.Comment:
                    return;
            }

            string name = node.Name.ToLowerInvariant();
            switch (name)
            {
                case "script":
                case "style":
                case "head":
                    return;
                case "br":
                    output.Append('\n');
                    return;
                case "li":
                    EnsureLineStart(output);
                    output.Append("- ");
                    RenderChildren(node, output);
                    EnsureLineStart(output);
                    return;
                case "td":
                case "th":
                    RenderChildren(node, output);
                    output.Append('\t');
                    return;
            }

            bool isBlock = IsBlock(name);
            if (isBlock)
            {
                EnsureParagraphStart(output, name);
            }

            RenderChildren(node, output);

            if (isBlock)
            {
                EnsureLineStart(output);
            }
        }

        private static void RenderChildren(HtmlNode node, StringBuilder output)
        {
            foreach (HtmlNode child in node.ChildNodes)
            {
                Render(child, output);
            }
        }

        private static bool IsBlock(string name)
        {
            switch (name)
            {
                case "p":
                case "div":
                case "ul":
                case "ol":
                case "table":
                case "tr":
                case "h1":
                case "h2":
                case "h3":
                case "h4":
                case "h5":
                case "h6":
                case "blockquote":
                case "pre":
                case "section":
                case "article":
                case "header":
                case "footer":
                    return true;
                default:
                    return false;
            }
        }

        private static void EnsureLineStart(StringBuilder output)
        {
            if (output.Length > 0 && output[output.Length - 1] != '\n')
            {
                output.Append('\n');
            }
        }

        private static void EnsureParagraphStart(StringBuilder output, string blockName)
        {
            EnsureLineStart(output);
            // Paragraphs and headings stand apart by a blank line, as they do on the admin center page.
            bool separate = blockName == "p" || blockName[0] == 'h' || blockName == "ul" || blockName == "ol" || blockName == "table";
            if (separate && output.Length > 1 && output[output.Length - 2] != '\n')
            {
                output.Append('\n');
            }
        }

        private static string Normalize(string text)
        {
            text = text.Replace("\r\n", "\n").Replace('\r', '\n');
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] = s_horizontalSpace.Replace(lines[i], " ").Trim();
            }

            text = string.Join("\n", lines);
            text = s_blankLines.Replace(text, "\n\n").Trim('\n');
            return text.Replace("\n", Environment.NewLine);
        }
    }
}
