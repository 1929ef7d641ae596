namespace O365ServiceComms
{
    /// <summary>A service health issue (Graph's serviceHealthIssue): an incident or an advisory.</summary>
    public sealed class ServiceIncident : ServiceMessage
    {
        public override string MessageType => "Incident";
    }
}
