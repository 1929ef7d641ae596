using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Lets plain text through to a SecureString parameter, marked, so that the cmdlet refuses it with its own message
    /// and error id (PlainTextSecret) instead of PowerShell's conversion error, which names neither the cause nor the fix.
    /// </summary>
    public sealed class SecureStringArgumentAttribute : ArgumentTransformationAttribute
    {
        private static readonly ConditionalWeakTable<SecureString, object> s_plainText = new ConditionalWeakTable<SecureString, object>();

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            // Never used: the cmdlet stops on a marked value before reading it.
            var marked = new SecureString();
            marked.MakeReadOnly();
            s_plainText.Add(marked, text.Length);
            return marked;
        }

        internal static bool CameAsPlainText(SecureString value) => value != null && s_plainText.TryGetValue(value, out _);
    }
}
