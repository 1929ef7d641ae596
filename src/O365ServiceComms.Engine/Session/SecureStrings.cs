using System;
using System.Runtime.InteropServices;
using System.Security;

namespace O365ServiceComms.Session
{
    internal static class SecureStrings
    {
        /// <summary>The plain text, for the one call that needs it (MSAL takes the secret as a string).</summary>
        public static string ToPlainText(SecureString value)
        {
            if (value == null || value.Length == 0)
            {
                return string.Empty;
            }

            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
