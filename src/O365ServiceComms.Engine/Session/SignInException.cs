using System;

namespace O365ServiceComms.Session
{
    /// <summary>Getting a token failed; the kind says how, and the cmdlets turn it into their error id and category.</summary>
    internal sealed class SignInException : Exception
    {
        public SignInException(string message, ServiceCommsErrorKind kind, Exception inner = null)
            : base(message, inner)
        {
            Kind = kind;
        }

        public ServiceCommsErrorKind Kind { get; }
    }
}
