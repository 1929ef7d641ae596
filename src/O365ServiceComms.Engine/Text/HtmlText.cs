using System;
using System.Collections.Generic;
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

        /// <summary>
        /// How deep elements keep their line and list layout. Deeper elements still give all their text, as flat
        /// text: a post nested 200,000 elements deep (hostile or broken) renders, in bounded time, without a stack
        /// overflow. No real post comes near this depth.
        /// </summary>
        public const int MaxLayoutDepth = 256;

        private static string RenderHtml(string html)
        {
            var document = new HtmlDocument();
            // HtmlAgilityPack takes time in proportion to nesting for every element it opens (80 s for 200,000 nested
            // divs): it only ever sees markup down to the layout depth.
            document.LoadHtml(FlattenBeyond(html, MaxLayoutDepth));
            var builder = new StringBuilder(html.Length);
            Render(document.DocumentNode, builder);
            return builder.ToString();
        }

        // A walk with a stack of its own, not recursion: the depth of the input must not decide the depth of the call stack.
        private static void Render(HtmlNode root, StringBuilder output)
        {
            var pending = new Stack<Step>();
            pending.Push(new Step(root, 0, leaving: false));
            while (pending.Count > 0)
            {
                Step step = pending.Pop();
                if (step.Leaving)
                {
                    Leave(step.Node, step.Depth, output);
                    continue;
                }

                if (!Enter(step.Node, step.Depth, output))
                {
                    continue;
                }

                pending.Push(new Step(step.Node, step.Depth, leaving: true));
                for (HtmlNode child = step.Node.LastChild; child != null; child = child.PreviousSibling)
                {
                    pending.Push(new Step(child, step.Depth + 1, leaving: false));
                }
            }
        }

        private static readonly HashSet<string> s_voidElements = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        };

        // Elements a second one of the same name closes (<li>one<li>two), as HTML parsers do.
        private static readonly HashSet<string> s_impliedEnd = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "li", "dt", "dd", "tr", "td", "th", "option",
        };

        /// <summary>
        /// The markup with every tag nested deeper than <paramref name="maxDepth"/> replaced by a space, so that its text
        /// stays and its nesting goes; scripts and styles that deep go with their content. One pass, no recursion.
        /// </summary>
        internal static string FlattenBeyond(string html, int maxDepth)
        {
            var open = new List<string>();
            int excess = 0;
            StringBuilder output = null;
            int copiedUpTo = 0;
            int i = 0;
            while (i < html.Length)
            {
                int lt = html.IndexOf('<', i);
                if (lt < 0 || lt + 1 >= html.Length)
                {
                    break;
                }

                if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
                {
                    int endOfComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                    i = endOfComment < 0 ? html.Length : endOfComment + 3;
                    continue;
                }

                bool closing = html[lt + 1] == '/';
                int nameStart = closing ? lt + 2 : lt + 1;
                int nameEnd = nameStart;
                while (nameEnd < html.Length && (char.IsLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-' || html[nameEnd] == ':'))
                {
                    nameEnd++;
                }

                if (nameEnd == nameStart || !char.IsLetter(html[nameStart]))
                {
                    i = lt + 1;
                    continue;
                }

                int gt = EndOfTag(html, nameEnd);
                if (gt < 0)
                {
                    break;
                }

                string name = html.Substring(nameStart, nameEnd - nameStart);
                bool selfClosing = html[gt - 1] == '/' || s_voidElements.Contains(name);
                int tagEnd = gt + 1;
                bool flatten;
                if (closing)
                {
                    flatten = excess > 0;
                    if (flatten)
                    {
                        excess--;
                    }
                    else
                    {
                        int at = open.FindLastIndex(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
                        if (at >= 0)
                        {
                            open.RemoveRange(at, open.Count - at);
                        }
                    }
                }
                else if (selfClosing)
                {
                    flatten = excess > 0;
                }
                else
                {
                    if (excess == 0 && open.Count > 0 && s_impliedEnd.Contains(name) && string.Equals(open[open.Count - 1], name, StringComparison.OrdinalIgnoreCase))
                    {
                        open.RemoveAt(open.Count - 1);
                    }

                    flatten = excess > 0 || open.Count >= maxDepth;
                    if (flatten)
                    {
                        if (IsRawText(name))
                        {
                            // Its content is not text to show: it goes with the tags.
                            int close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                            int closeEnd = close < 0 ? -1 : html.IndexOf('>', close);
                            tagEnd = closeEnd < 0 ? html.Length : closeEnd + 1;
                        }
                        else
                        {
                            excess++;
                        }
                    }
                    else
                    {
                        open.Add(name);
                    }
                }

                if (flatten)
                {
                    output = output ?? new StringBuilder(html.Length);
                    output.Append(html, copiedUpTo, lt - copiedUpTo).Append(' ');
                    copiedUpTo = tagEnd;
                }
                else if (!closing && !selfClosing && IsRawText(name))
                {
                    // Script and style hold no tags: skip to their end.
                    int close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                    tagEnd = close < 0 ? html.Length : close;
                }

                i = tagEnd;
            }

            if (output == null)
            {
                return html;
            }

            return output.Append(html, copiedUpTo, html.Length - copiedUpTo).ToString();
        }

        private static bool IsRawText(string name) =>
            string.Equals(name, "script", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "style", StringComparison.OrdinalIgnoreCase);

        // The '>' ending a tag whose name ends at from, skipping quoted attribute values; -1 when there is none.
        private static int EndOfTag(string html, int from)
        {
            char quote = '\0';
            char previous = '\0';
            for (int i = from; i < html.Length; i++)
            {
                char c = html[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if ((c == '"' || c == '\'') && previous == '=')
                {
                    // Quotes delimit a value only right after '=' (title=don't is a value with an apostrophe).
                    quote = c;
                }
                else if (c == '>')
                {
                    return i;
                }

                if (!char.IsWhiteSpace(c))
                {
                    previous = c;
                }
            }

            return -1;
        }

        /// <summary>Writes what comes before a node's children; false when its children are not rendered.</summary>
        private static bool Enter(HtmlNode node, int depth, StringBuilder output)
        {
            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    // The service also sends plain text marked as HTML, with "\n" as its line breaks: keep them.
                    output.Append(HtmlEntity.DeEntitize(((HtmlTextNode)node).Text));
                    return false;
                case HtmlNodeType.Comment:
                    return false;
            }

            string name = node.Name.ToLowerInvariant();
            switch (name)
            {
                case "script":
                case "style":
                case "head":
                    return false;
                case "br":
                    output.Append('\n');
                    return false;
            }

            if (depth > MaxLayoutDepth)
            {
                // Flat text: a space keeps words of neighbouring elements apart.
                output.Append(' ');
                return true;
            }

            if (name == "li")
            {
                EnsureLineStart(output);
                output.Append("- ");
            }
            else if (IsBlock(name))
            {
                EnsureParagraphStart(output, name);
            }

            return true;
        }

        /// <summary>Writes what comes after a node's children.</summary>
        private static void Leave(HtmlNode node, int depth, StringBuilder output)
        {
            if (depth > MaxLayoutDepth)
            {
                return;
            }

            string name = node.Name.ToLowerInvariant();
            if (name == "td" || name == "th")
            {
                output.Append('\t');
            }
            else if (name == "li" || IsBlock(name))
            {
                EnsureLineStart(output);
            }
        }

        private readonly struct Step
        {
            public Step(HtmlNode node, int depth, bool leaving)
            {
                Node = node;
                Depth = depth;
                Leaving = leaving;
            }

            public HtmlNode Node { get; }

            public int Depth { get; }

            public bool Leaving { get; }
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
