using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using O365ServiceComms.Text;

namespace O365ServiceComms.Publishing
{
    /// <summary>
    /// Writes HTML where every text and attribute value is encoded on the way in: tag and attribute names are the
    /// code's own constants, everything else (titles, posts, ids from Graph) can only ever become text.
    /// </summary>
    internal sealed class HtmlBuilder
    {
        private readonly StringBuilder _html = new StringBuilder(64 * 1024);
        private readonly Stack<string> _open = new Stack<string>();

        /// <summary>Opens an element; attributes as name, value pairs (a null value leaves the attribute out).</summary>
        public HtmlBuilder Open(string tag, params string[] attributes)
        {
            StartTag(tag, attributes);
            _open.Push(tag);
            return this;
        }

        public HtmlBuilder Close()
        {
            _html.Append("</").Append(_open.Pop()).Append('>');
            return this;
        }

        /// <summary>An element holding only text.</summary>
        public HtmlBuilder Element(string tag, string text, params string[] attributes) =>
            Open(tag, attributes).Text(text).Close();

        /// <summary>An element without content, such as meta.</summary>
        public HtmlBuilder Void(string tag, params string[] attributes)
        {
            StartTag(tag, attributes);
            return this;
        }

        public HtmlBuilder Text(string text)
        {
            _html.Append(Encode(text));
            return this;
        }

        public HtmlBuilder Line()
        {
            _html.Append('\n');
            return this;
        }

        /// <summary>Markup written by this module itself (the doctype, the style sheet); never data.</summary>
        public HtmlBuilder Trusted(string markup)
        {
            _html.Append(markup);
            return this;
        }

        public override string ToString()
        {
            if (_open.Count != 0)
            {
                throw new InvalidOperationException("Unclosed element <" + _open.Peek() + ">.");
            }

            return _html.ToString();
        }

        // Characters XML forbids are errors in HTML too (U+0001, U+FFFE, lone surrogates): replaced, so the page stays well-formed.
        public static string Encode(string text) => WebUtility.HtmlEncode(XmlSafeText.Clean(text ?? string.Empty));

        private void StartTag(string tag, string[] attributes)
        {
            if (attributes.Length % 2 != 0)
            {
                throw new ArgumentException("Attributes come as name, value pairs.", nameof(attributes));
            }

            _html.Append('<').Append(tag);
            for (int i = 0; i < attributes.Length; i += 2)
            {
                if (attributes[i + 1] != null)
                {
                    _html.Append(' ').Append(attributes[i]).Append("=\"").Append(Encode(attributes[i + 1])).Append('"');
                }
            }

            _html.Append('>');
        }
    }
}
