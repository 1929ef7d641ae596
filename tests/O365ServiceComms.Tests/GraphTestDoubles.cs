using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Session;

namespace O365ServiceComms.Tests
{
    /// <summary>A token source that hands out "{prefix}1", "{prefix}2", ... and records whether a refresh was asked for.</summary>
    internal sealed class FakeTokens : IAccessTokenSource
    {
        private readonly string _prefix;

        public FakeTokens(string prefix = "token-") => _prefix = prefix;

        public List<bool> Calls { get; } = new List<bool>();

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
        {
            Calls.Add(forceRefresh);
            return new AccessToken(_prefix + Calls.Count, DateTimeOffset.UtcNow.AddHours(1));
        }
    }

    /// <summary>Answers requests from a script, by the request or by its number (1-based), and records every request.</summary>
    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _answer;

        public ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer)
            : this((n, request, _) => Task.FromResult(answer(request)))
        {
        }

        public ScriptedHandler(Func<int, HttpRequestMessage, HttpResponseMessage> answer)
            : this((n, request, _) => Task.FromResult(answer(n, request)))
        {
        }

        public ScriptedHandler(Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

        public List<HttpRequestMessage> Requests { get; } = new List<HttpRequestMessage>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            HttpResponseMessage response = await _answer(Requests.Count, request, cancellationToken);
            response.RequestMessage = request;
            return response;
        }
    }

    /// <summary>What a body stream of a test needs besides reading: it reads, forward only, and does nothing else.</summary>
    internal abstract class ReadOnlyTestStream : System.IO.Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
