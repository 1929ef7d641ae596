using System;

namespace O365ServiceComms
{
    /// <summary>
    /// One attachment of a Message Center post (Graph's serviceAnnouncementAttachment), as Get-O365ServiceMessageAttachment
    /// lists it. Piped to Save-O365ServiceMessageAttachment, it is saved as a file of its own.
    /// </summary>
    public sealed class ServiceMessageAttachment
    {
        public string Id { get; internal set; }

        /// <summary>The name Graph gives the attachment (also the file name it is saved under, made safe).</summary>
        public string Name { get; internal set; }

        public string ContentType { get; internal set; }

        /// <summary>Size in bytes, as Graph states it.</summary>
        public long? Size { get; internal set; }

        public DateTime? LastModifiedDateTime { get; internal set; }

        public bool? IsInline { get; internal set; }

        /// <summary>The Message Center post the attachment belongs to, e.g. MC172851.</summary>
        public string MessageId { get; internal set; }

        public string TenantId { get; internal set; }

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        public override string ToString() => Name;
    }
}
