namespace O365ServiceComms
{
    /// <summary>A Message Center post (Graph's serviceUpdateMessage): a planned change or something to know.</summary>
    public sealed class MessageCenterPost : ServiceMessage
    {
        public override string MessageType => "MessageCenter";
    }
}
