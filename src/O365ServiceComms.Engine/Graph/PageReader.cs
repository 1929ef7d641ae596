using System;
using System.IO;
using System.Net.Http;
using Newtonsoft.Json;

namespace O365ServiceComms.Graph
{
    /// <summary>Reads a collection page as a stream: one item at a time, and the next link wherever it stands.</summary>
    internal abstract class PageReader<T> : IDisposable
    {
        protected PageReader(HttpResponseMessage response)
        {
            Response = response;
        }

        protected HttpResponseMessage Response { get; }

        public abstract string NextLink { get; }

        /// <summary>
        /// The reader of a page's body: on .NET, the UTF-8 reader for the shapes it knows (status rows, issues,
        /// messages), else, and on .NET Framework, Newtonsoft's. Both give the same items.
        /// </summary>
        public static PageReader<T> Open(Stream body, HttpResponseMessage response)
        {
#if NET
            if (Utf8ItemReader.Knows<T>())
            {
                return new Utf8PageReader<T>(body, response);
            }
#endif
            return new JsonTextPageReader<T>(GraphJson.Reader(body), response);
        }

        /// <summary>The next item; false at the end of the page or when the page cannot be read (<paramref name="failure"/>).</summary>
        public bool TryReadNext(out T item, out GraphRequestException failure)
        {
            item = default;
            failure = null;
            try
            {
                return ReadNext(out item);
            }
            catch (Exception exception) when (exception is JsonException || exception is IOException || exception is HttpRequestException)
            {
                failure = GraphClient.UnreadableResponse(Response, exception);
                return false;
            }
        }

        /// <summary>Reads past the first <paramref name="count"/> items, which were handed out from an earlier reading of this page.</summary>
        public GraphRequestException Skip(int count)
        {
            for (int skipped = 0; skipped < count; skipped++)
            {
                if (!TryReadNext(out _, out GraphRequestException failure))
                {
                    return failure ?? GraphClient.UnreadableResponse(Response, new JsonReaderException(string.Format(Strings.PageShorterOnReread, skipped, count)));
                }
            }

            return null;
        }

        /// <summary>The next item (null for a null entry); false at the end of the page. Throws what makes the page unreadable.</summary>
        internal abstract bool ReadNext(out T item);

        public abstract void Dispose();
    }

    /// <summary>A page read with Newtonsoft's JsonTextReader, over the body decoded as it comes (Utf8ChunkReader).</summary>
    internal sealed class JsonTextPageReader<T> : PageReader<T>
    {
        private readonly JsonTextReader _reader;
        private bool _inValue;
        private bool _done;

        public JsonTextPageReader(JsonTextReader reader, HttpResponseMessage response)
            : base(response)
        {
            _reader = reader;
        }

        public override string NextLink => NextLinkRead;

        /// <summary>The last @odata.nextLink read so far (null when none came, or when it was null).</summary>
        internal string NextLinkRead { get; private set; }

        /// <summary>Whether the page had an @odata.nextLink so far.</summary>
        internal bool HasNextLink { get; private set; }

        internal override bool ReadNext(out T item)
        {
            item = default;
            if (_done)
            {
                return false;
            }

            if (_reader.TokenType == JsonToken.None)
            {
                if (!_reader.Read() || _reader.TokenType != JsonToken.StartObject)
                {
                    throw new JsonReaderException("The response is not a JSON object.");
                }
            }

            while (true)
            {
                if (_inValue)
                {
                    if (!_reader.Read())
                    {
                        throw new JsonReaderException("The response ended inside the value array.");
                    }

                    if (_reader.TokenType == JsonToken.EndArray)
                    {
                        _inValue = false;
                        continue;
                    }

                    item = GraphItemReader.Read<T>(_reader, GraphJson.Serializer);
                    return true;
                }

                if (!_reader.Read())
                {
                    throw new JsonReaderException("The response ended before its closing brace.");
                }

                if (_reader.TokenType == JsonToken.EndObject && _reader.Depth == 0)
                {
                    _done = true;
                    return false;
                }

                if (_reader.TokenType != JsonToken.PropertyName)
                {
                    throw new JsonReaderException("Unexpected " + _reader.TokenType + " in the response.");
                }

                string name = (string)_reader.Value;
                if (name == "value")
                {
                    if (!_reader.Read() || _reader.TokenType != JsonToken.StartArray)
                    {
                        throw new JsonReaderException("The response's value is not an array.");
                    }

                    _inValue = true;
                }
                else if (name == "@odata.nextLink")
                {
                    NextLinkRead = _reader.ReadAsString();
                    HasNextLink = true;
                }
                else
                {
                    _reader.Read();
                    _reader.Skip();
                }
            }
        }

        public override void Dispose() => ((IDisposable)_reader).Dispose();
    }
}
