using System;
using System.Management.Automation;

namespace O365ServiceComms.Session
{
    /// <summary>Getting a token failed; carries the error id and category the cmdlet reports.</summary>
    internal sealed class SignInException : Exception
    {
        public SignInException(string message, string errorId, ErrorCategory category, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }
    }
}
