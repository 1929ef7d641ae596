using System;

namespace O365ServiceComms
{
    /// <summary>Content as Graph sends it (Graph's itemBody), with its plain text made when first read.</summary>
    public sealed class ServiceItemBody
    {
        private object _content;
        private string _text;

        /// <param name="content">A string, or UTF-8 to decode when first read (<see cref="ContentText"/>).</param>
        internal ServiceItemBody(object content, string contentType)
        {
            _content = content;
            ContentType = contentType;
        }

        /// <summary>The content as Graph sent it (usually HTML).</summary>
        public string Content => ContentText.Of(ref _content);

        /// <summary>Html or Text.</summary>
        public string ContentType { get; }

        /// <summary>The text without markup: tags gone, entities decoded, paragraphs and list items on lines of their own.</summary>
        /// <remarks>
        /// Made from Content when first read: the HTML parse is the costliest part of a post, and most pipelines
        /// (grouping, filtering, counting) never read the text.
        /// </remarks>
        public string Text => _text ?? (_text = PlainText.Convert(Content, ContentType) ?? string.Empty);

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        public override string ToString() => Text;
    }

    /// <summary>One post of a service health issue, under Graph's names (Graph's serviceHealthIssuePost).</summary>
    public sealed class ServiceHealthIssuePost
    {
        private readonly object _content;
        private readonly string _contentType;
        private readonly PropertyDictionary _descriptionProperties;
        private ServiceItemBody _description;

        internal ServiceHealthIssuePost(
            DateTime? createdDateTime, string postType, object content, string contentType, bool hasDescription, PropertyDictionary descriptionProperties = null)
        {
            CreatedDateTime = createdDateTime;
            PostType = postType;
            _content = content;
            _contentType = contentType;
            _descriptionProperties = descriptionProperties ?? PropertyDictionary.Empty;
            HasDescription = hasDescription;
        }

        public DateTime? CreatedDateTime { get; }

        /// <summary>Regular, Quick or Strategic; a value this version does not know is kept as sent.</summary>
        public string PostType { get; }

        /// <summary>The post's content (Content, as Graph sent it) and its type (ContentType); null when Graph sent none.</summary>
        public ServiceItemBody Description => HasDescription ? Body : null;

        /// <summary>The post as plain text.</summary>
        public string MessageText => Body.Text;

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        internal bool HasDescription { get; }

        // Made when first read, and shared with the old API's view (Messages), so the text is made once.
        internal ServiceItemBody Body =>
            _description ?? (_description = new ServiceItemBody(_content, _contentType) { AdditionalProperties = _descriptionProperties });

        public override string ToString() => MessageText;
    }

    /// <summary>One post of an issue, or the body of a Message Center post, under the old API's names (Messages).</summary>
    public sealed class ServiceMessagePost
    {
        private readonly ServiceItemBody _body;

        internal ServiceMessagePost(DateTime publishedTime, string postType, ServiceItemBody body)
        {
            PublishedTime = publishedTime;
            PostType = postType;
            _body = body;
        }

        /// <summary>The text without markup (see ServiceItemBody.Text).</summary>
        public string MessageText => _body.Text;

        public DateTime PublishedTime { get; }

        /// <summary>Regular, Quick or Strategic for issue posts; none for a Message Center body.</summary>
        public string PostType { get; }

        /// <summary>The content as Graph sent it (usually HTML).</summary>
        public string Content => _body.Content;

        public string ContentType => _body.ContentType;

        public override string ToString() => MessageText;
    }

    public sealed class ServiceMessageDetail
    {
        public string Name { get; internal set; }

        public string Value { get; internal set; }

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        public override string ToString() => Name + "=" + Value;
    }

    /// <summary>
    /// Turns post content into plain text. The HTML parser lives with the cmdlets (in the module's own load context on
    /// PowerShell 7), so they plug the conversion in here; these public types stay free of dependencies.
    /// </summary>
    internal static class PlainText
    {
        private static Func<string, string, string> s_converter = (content, contentType) => content ?? string.Empty;

        public static Func<string, string, string> Converter
        {
            get => s_converter;
            set => s_converter = value ?? throw new ArgumentNullException(nameof(value));
        }

        public static string Convert(string content, string contentType) => s_converter(content, contentType);
    }

    /// <summary>
    /// Post content as the engine hands it over: a string, or the UTF-8 it came in (valid UTF-8, unescaped), decoded when
    /// first read. The contents are most of a long list's bytes, and most pipelines never read them.
    /// </summary>
    internal static class ContentText
    {
        /// <summary>The content as a string; UTF-8 is decoded once and the string kept in its place.</summary>
        public static string Of(ref object content)
        {
            object held = content;
            if (held is byte[] utf8)
            {
                string text = System.Text.Encoding.UTF8.GetString(utf8);
                content = text;
                return text;
            }

            return (string)held;
        }
    }
}
