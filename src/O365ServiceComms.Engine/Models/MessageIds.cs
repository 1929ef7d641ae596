using System.Text.RegularExpressions;

namespace O365ServiceComms
{
    /// <summary>What message ids look like: letters and digits, Message Center posts starting with MC.</summary>
    internal static class MessageIds
    {
        private static readonly Regex s_wellFormed = new Regex(@"^[A-Za-z0-9]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex s_messageCenter = new Regex(@"^MC\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static bool IsWellFormed(string id) => id != null && s_wellFormed.IsMatch(id);

        public static bool IsMessageCenter(string id) => id != null && s_messageCenter.IsMatch(id);
    }
}
