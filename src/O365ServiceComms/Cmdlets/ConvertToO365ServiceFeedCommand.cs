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
    /// Turns incidents and Message Center posts from the pipeline (or the active incidents of service status objects) into
    /// an RSS 2.0 or Atom 1.0 feed: the XML as a string, or, with -Path, a file (written whole or not at all) and its FileInfo.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "O365ServiceFeed", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "ConvertTo-O365ServiceFeed.md")]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ConvertToO365ServiceFeedCommand : ServiceCommsCmdlet
    {
        private readonly Dictionary<string, ServiceMessage> _messages = new Dictionary<string, ServiceMessage>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _order = new List<string>();

        // Input of other types, by type name, in the order first seen: reported once per type at the end.
        private readonly Dictionary<string, int> _unsupported = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _unsupportedOrder = new List<string>();

        /// <summary>
        /// Incidents and Message Center posts, as Get-O365ServiceMessage writes them, or service status objects from
        /// Get-O365ServiceStatus, which give their active incidents. Typed as objects so that one pipeline may mix them and
        /// input of another type costs one clear error instead of a binding error per object.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        [AllowNull]
        public object[] InputObject { get; set; }

        /// <summary>Rss (RSS 2.0, the default) or Atom (Atom 1.0).</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Rss", "Atom", IgnoreCase = true)]
        public string Format { get; set; } = "Rss";

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

        protected override void BeginCommand()
        {
            if (Link != null && (!Link.IsAbsoluteUri || (Link.Scheme != Uri.UriSchemeHttps && Link.Scheme != Uri.UriSchemeHttp)))
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.FeedLinkNotHttp, Link), Link));
            }
        }

        protected override void ProcessInput()
        {
            if (InputObject == null)
            {
                return;
            }

            foreach (object input in InputObject)
            {
                object value = input is PSObject wrapped ? wrapped.BaseObject : input;
                switch (value)
                {
                    case null:
                        break;
                    case ServiceMessage message:
                        Add(message);
                        break;
                    case ServiceStatus status:
                        // The status object holds its active incidents as read with it: no request needed.
                        foreach (ServiceIncident incident in status.ActiveIncidents)
                        {
                            Add(incident);
                        }

                        break;
                    default:
                        string type = input is PSObject shown && shown.TypeNames.Count > 0 ? shown.TypeNames[0] : value.GetType().FullName;
                        if (!_unsupported.TryGetValue(type, out int count))
                        {
                            _unsupportedOrder.Add(type);
                        }

                        _unsupported[type] = count + 1;
                        break;
                }
            }
        }

        // One item per message: a message piped twice (or from two reads) keeps its latest version.
        private void Add(ServiceMessage message)
        {
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

        protected override void EndCommand()
        {
            foreach (string type in _unsupportedOrder)
            {
                WriteError(ErrorKinds.Record(
                    ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.FeedInputNotSupported, _unsupported[type], type), type, category: ErrorCategory.InvalidType));
            }

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
                ThrowTerminatingError(ErrorKinds.FileWriteFailed(path, exception));
            }

            // Through the provider, as Get-Item would return it (PSPath, and the columns of the file table view).
            WriteObject(InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true), enumerateCollection: true);
        }
    }
}
