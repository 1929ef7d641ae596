namespace O365ServiceComms
{
    /// <summary>The signed-in user's read, archive and favourite state of a Message Center post (delegated sign-in only).</summary>
    public sealed class ServiceMessageViewPoint
    {
        public bool? IsRead { get; internal set; }

        public bool? IsArchived { get; internal set; }

        public bool? IsFavorited { get; internal set; }

        /// <summary>Properties Graph sent that this version does not know, by Graph's name.</summary>
        public PropertyDictionary AdditionalProperties { get; internal set; } = PropertyDictionary.Empty;

        public override string ToString() => "IsRead=" + IsRead + "; IsArchived=" + IsArchived + "; IsFavorited=" + IsFavorited;
    }
}
