using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Marks Message Center posts read or unread, archived or not, favorite or not, for the signed-in user.
    /// Ids from the whole pipeline go to Graph in one request per change. Needs a delegated (user) sign-in.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "O365ServiceMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Docs + "Set-O365ServiceMessage.md")]
    [OutputType(typeof(MessageCenterPost))]
    public sealed class SetO365ServiceMessageCommand : TenantCommandBase
    {
        private readonly List<ViewPointAction> _actions = new List<ViewPointAction>();
        private readonly List<string> _ids = new List<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private bool _failed;

        /// <summary>Ids of Message Center posts, such as MC172851; objects with an Id property bind by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MessageCenterIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>$true marks the posts read, $false unread.</summary>
        [Parameter]
        public bool IsRead { get; set; }

        /// <summary>$true archives the posts, $false brings them back from the archive.</summary>
        [Parameter]
        public bool IsArchived { get; set; }

        /// <summary>$true adds the posts to the favorites, $false removes them.</summary>
        [Parameter]
        public bool IsFavorited { get; set; }

        /// <summary>Writes each post after the change, read again from Graph, so its ViewPoint shows the new state.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginCommand()
        {
            AddAction("IsRead", IsRead, ViewPointChange.MarkRead, ViewPointChange.MarkUnread, Strings.MarkRead, Strings.MarkUnread);
            AddAction("IsArchived", IsArchived, ViewPointChange.Archive, ViewPointChange.Unarchive, Strings.Archive, Strings.Unarchive);
            AddAction("IsFavorited", IsFavorited, ViewPointChange.Favorite, ViewPointChange.Unfavorite, Strings.Favorite, Strings.Unfavorite);
            if (_actions.Count == 0)
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, Strings.NothingToSet, null));
            }

            base.BeginCommand();

            // -WhatIf shows what would change, and warns that an app sign-in could not do it; otherwise refuse at once,
            // before any prompt.
            if (WhatIfMode())
            {
                WarnOfAppOnlySignIn();
            }
            else
            {
                RefuseAppOnlySignIn();
            }
        }

        protected override void ProcessInput()
        {
            string description = Capitalized(string.Join(", ", _actions.Select(action => action.Description)));
            foreach (string id in Id)
            {
                if (!MessageIds.IsMessageCenter(id))
                {
                    string message = MessageIds.IsWellFormed(id)
                        ? string.Format(Strings.NotAMessageCenterId, id, Strings.ViewPointWord)
                        : string.Format(Strings.InvalidMessageId, id);
                    WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, message, id));
                    continue;
                }

                if (_seen.Add(id) && ShouldProcess(id, description))
                {
                    _ids.Add(id);
                }
            }
        }

        protected override void EndCommand()
        {
            if (_ids.Count == 0)
            {
                return;
            }

            string[] ids = _ids.ToArray();
            foreach (ViewPointAction action in _actions)
            {
                Post(action, ids);
            }

            if (PassThru && !_failed)
            {
                WriteChanged(ids);
            }
        }

        private void WriteChanged(string[] ids)
        {
            ModelMapper mapper = null;
            foreach (string id in ids)
            {
                try
                {
                    GraphMessage message = Announcements.GetMessage(id, CancellationToken);
                    if (message == null)
                    {
                        WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.MessageNotFound, id, Connection.TenantId), id));
                        continue;
                    }

                    mapper = mapper ?? new ModelMapper(Connection.TenantId, ReadServiceCatalog());
                    MessageCenterPost post = mapper.ToMessageCenterPost(message);
                    Connection.RecentIds.Add(post.Id, post.MessageType, post.Title);
                    WriteObject(post);
                }
                catch (GraphRequestException exception)
                {
                    WriteError(GraphErrorRecord(exception, id));
                }
                catch (SignInException exception)
                {
                    ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
                }
            }
        }

        // Service ids for the posts' ServiceIds; without ServiceHealth.Read.All the posts simply lack them.
        private ServiceCatalog ReadServiceCatalog()
        {
            try
            {
                return Announcements.ReadServiceCatalog(CancellationToken);
            }
            catch (GraphRequestException)
            {
                return ServiceCatalog.Empty;
            }
        }

        private void Post(ViewPointAction action, string[] ids)
        {
            try
            {
                if (!Announcements.SetViewPoint(action.Change, ids, CancellationToken))
                {
                    _failed = true;
                    WriteError(ErrorKinds.Record(ServiceCommsErrorKind.ViewPointNotChanged, string.Format(Strings.ViewPointNotChanged, action.Description, string.Join(", ", ids)), ids));
                }
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.DelegatedSignInRequired)
            {
                _failed = true;
                string message = string.Format(Strings.ViewPointForbidden, action.Description, exception.GraphErrorCode, exception.RequestId ?? "none");
                ErrorRecord record = ErrorKinds.Record(
                    ServiceCommsErrorKind.DelegatedSignInRequired, message, ids, exception, exception.GraphErrorCode, exception.RequestId);
                record.ErrorDetails = new ErrorDetails(message);
                WriteError(record);
            }
            catch (GraphRequestException exception)
            {
                _failed = true;
                WriteError(GraphErrorRecord(exception, ids));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }

        /// <summary>An app-only token can never change a user's state: say what to do instead, without a request.</summary>
        private void RefuseAppOnlySignIn()
        {
            AccessToken token = default;
            try
            {
                token = Connection.Tokens.GetToken(forceRefresh: false, CancellationToken);
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }

            // An opaque token (neither scp nor roles readable) is left to Graph, whose 403 is explained in Post.
            if (TokenClaims.IsDelegated(token.Value) == false)
            {
                string message = string.Format(Strings.DelegatedSignInRequired, Connection.TenantId, Connection.Info.AuthType);
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.DelegatedSignInRequired, message, Connection.TenantId));
            }
        }

        /// <summary>Under -WhatIf: the same news as <see cref="RefuseAppOnlySignIn"/>, as a warning, so the rehearsal tells the truth.</summary>
        private void WarnOfAppOnlySignIn()
        {
            try
            {
                AccessToken token = Connection.Tokens.GetToken(forceRefresh: false, CancellationToken);
                if (TokenClaims.IsDelegated(token.Value) == false)
                {
                    WriteWarning(string.Format(Strings.DelegatedSignInRequired, Connection.TenantId, Connection.Info.AuthType));
                }
            }
            catch (SignInException exception)
            {
                WriteWarning(exception.Message);
            }
        }

        private void AddAction(string parameter, bool value, ViewPointChange whenTrue, ViewPointChange whenFalse, string describeTrue, string describeFalse)
        {
            if (MyInvocation.BoundParameters.ContainsKey(parameter))
            {
                _actions.Add(value ? new ViewPointAction(whenTrue, describeTrue) : new ViewPointAction(whenFalse, describeFalse));
            }
        }

        private bool WhatIfMode()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object whatIf))
            {
                return LanguagePrimitives.IsTrue(whatIf);
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        private static string Capitalized(string text) =>
            text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text.Substring(1);

        private sealed class ViewPointAction
        {
            public ViewPointAction(ViewPointChange change, string description)
            {
                Change = change;
                Description = description;
            }

            public ViewPointChange Change { get; }

            public string Description { get; }
        }
    }
}
