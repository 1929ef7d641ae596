using System;

namespace O365ServiceComms
{
    /// <summary>What service health issues and Message Center posts have in common, under Graph's names and the old API's.</summary>
    public abstract class ServiceMessage
    {
        public string Id { get; internal set; }

        public string Title { get; internal set; }

        /// <summary>Incident for service health issues (advisories included), MessageCenter for Message Center posts.</summary>
        public abstract string MessageType { get; }

        public DateTime StartDateTime { get; internal set; }

        public DateTime? EndDateTime { get; internal set; }

        public DateTime LastModifiedDateTime { get; internal set; }

        /// <summary>Name/value pairs such as ExternalLink or NotifyInApp.</summary>
        public ServiceMessageDetail[] Details { get; internal set; } = Array.Empty<ServiceMessageDetail>();

        /// <summary>The old API's Messages: the posts of an incident, or the body of a Message Center post, as plain text.</summary>
        public ServiceMessagePost[] Messages { get; internal set; } = Array.Empty<ServiceMessagePost>();

        /// <summary>The newest post of an incident (posts are oldest first), or the body of a Message Center post.</summary>
        public ServiceMessagePost LatestPost => Messages.Length == 0 ? null : Messages[Messages.Length - 1];

        /// <summary>Message Center's Normal, High or Critical; none for issues, which Graph gives no severity.</summary>
        public virtual string Severity => null;

        public string TenantId { get; internal set; }

        public DateTime StartTime => StartDateTime;

        public DateTime? EndTime => EndDateTime;

        public DateTime LastUpdatedTime => LastModifiedDateTime;

        public override string ToString() => Id;
    }

    public sealed class ServiceMessageDetail
    {
        public string Name { get; internal set; }

        public string Value { get; internal set; }

        public override string ToString() => Name + "=" + Value;
    }

    /// <summary>One post of an issue, or the body of a Message Center post.</summary>
    public sealed class ServiceMessagePost
    {
        private string _messageText;

        /// <summary>The text without markup: tags gone, entities decoded, paragraphs and list items on lines of their own.</summary>
        /// <remarks>
        /// Made from Content when first read: the HTML parse is the costliest part of a post, and most pipelines
        /// (grouping, filtering, counting) never read the text.
        /// </remarks>
        public string MessageText
        {
            get => _messageText ?? (_messageText = PlainText.Convert(Content, ContentType));
            internal set => _messageText = value;
        }

        public DateTime PublishedTime { get; internal set; }

        /// <summary>Regular, Quick or Strategic for issue posts; none for a Message Center body.</summary>
        public string PostType { get; internal set; }

        /// <summary>The content as Graph sent it (usually HTML).</summary>
        public string Content { get; internal set; }

        public string ContentType { get; internal set; }

        public override string ToString() => MessageText;
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
}
