namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Where Get-Help -Online goes: each cmdlet's page in the repository (HelpUri), the same address as the
    /// "online version" of its markdown page, which the help file lists as its first related link.
    /// </summary>
    internal static class HelpLinks
    {
        public const string Docs = "https://github.com/O365ServiceComms/O365ServiceComms/blob/main/docs/en-US/";
    }
}
