using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using O365ServiceComms.IO;
using O365ServiceComms.Publishing;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Turns incidents and Message Center posts from the pipeline into an RSS 2.0 or Atom 1.0 feed: the XML as a string,
    /// or, with -Path, a file (written whole or not at all) and its FileInfo.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "O365ServiceFeed", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "ConvertTo-O365ServiceFeed.md")]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ConvertToO365ServiceFeedCommand : ServiceCommsCmdlet
    {
        private readonly Dictionary<string, ServiceMessage> _messages = new Dictionary<string, ServiceMessage>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _order = new List<string>();

        /// <summary>Incidents and Message Center posts, as Get-O365ServiceMessage writes them.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public ServiceMessage[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Rss", "Atom", IgnoreCase = true)]
        public string Format { get; set; }

        /// <summary>The feed's title; by default it says what the feed holds and for which tenant.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; }

        /// <summary>The web page the feed belongs to (RSS channel link, Atom alternate link); by default the admin center's service health page.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri Link { get; set; }

        /// <summary>Writes the feed to this file (UTF-8) instead of the pipeline, and returns the file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected override void BeginProcessing()
        {
            if (Link != null && (!Link.IsAbsoluteUri || (Link.Scheme != Uri.UriSchemeHttps && Link.Scheme != Uri.UriSchemeHttp)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(string.Format(Strings.FeedLinkNotHttp, Link)), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Link));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (ServiceMessage message in InputObject)
            {
                if (message == null)
                {
                    continue;
                }

                // One item per message: a message piped twice (or from two reads) keeps its latest version.
                string key = message.Id ?? string.Empty;
                if (!_messages.TryGetValue(key, out ServiceMessage known))
                {
                    _order.Add(key);
                    _messages[key] = message;
                }
                else if (message.LastModifiedDateTime.ToUniversalTime() > known.LastModifiedDateTime.ToUniversalTime())
                {
                    _messages[key] = message;
                }
            }
        }

        protected override void EndProcessing()
        {
            var messages = new List<ServiceMessage>(_order.Count);
            foreach (string key in _order)
            {
                messages.Add(_messages[key]);
            }

            FeedFormat format = string.Equals(Format, "Atom", StringComparison.OrdinalIgnoreCase) ? FeedFormat.Atom : FeedFormat.Rss;
            byte[] feed = ServiceFeed.Build(messages, format, Title, Link, DateTime.UtcNow);
            WriteVerbose(string.Format("{0} feed with {1} item(s), {2} bytes.", format, messages.Count, feed.Length));
            if (Path == null)
            {
                WriteObject(Encoding.UTF8.GetString(feed));
                return;
            }

            string path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, string.Format("Write the {0} feed with {1} item(s)", format, messages.Count)))
            {
                return;
            }

            try
            {
                AtomicFile.WriteAllBytes(path, feed);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException(string.Format(Strings.FileWriteFailed, path, exception.Message), exception),
                    ErrorIds.FileWriteFailed, ErrorCategory.WriteError, path));
            }

            // Through the provider, as Get-Item would return it (PSPath, and the columns of the file table view).
            WriteObject(InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true), enumerateCollection: true);
        }
    }
}
