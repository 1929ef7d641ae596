#if NET
using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using Newtonsoft.Json;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// A page of status rows, issues or messages read from the body's bytes with .NET's Utf8JsonReader, which costs a
    /// fraction of the CPU of decoding the body and reading it with Newtonsoft's JsonTextReader (<see cref="JsonTextPageReader{T}"/>).
    /// Newtonsoft's rules stay the only rules; this reader only takes the plain case faster:
    /// <list type="bullet">
    /// <item>an item that is not plain (<see cref="Utf8ItemReader"/>) is read by <see cref="GraphItemReader"/> from its own bytes;</item>
    /// <item>at anything else a plain page does not have (JSON the UTF-8 reader refuses, a comment, an entry of value
    /// that is no object), the rest of the page goes to a JsonTextPageReader, from the last point where the page was
    /// read: the start of the page, the start of value, after an item, or after a property of the page once value was read.</item>
    /// </list>
    /// An item is handed out as soon as its last byte came, as JsonTextPageReader does.
    /// </summary>
    internal sealed class Utf8PageReader<T> : PageReader<T>
    {
        // What stands before the rest of the page when it goes to Newtonsoft, by where the page was read to.
        private static readonly byte[] s_fromValueStart = System.Text.Encoding.ASCII.GetBytes("{\"value\":[");
        private static readonly byte[] s_afterItem = System.Text.Encoding.ASCII.GetBytes("{\"value\":[{}");
        private static readonly byte[] s_afterValue = System.Text.Encoding.ASCII.GetBytes("{\"value\":[]");

        // A token or item this large that is not all here yet goes to Newtonsoft (see ReadNext): far above any item
        // Graph sends, and small enough that reading it again after each read of the body costs little.
        internal const int LargestPendingRead = 1024 * 1024;

        private static readonly JsonReaderOptions s_options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow };

        private readonly Stream _body;
        private byte[] _buffer = new byte[32 * 1024];

        // _kept <= _position <= _end: what came is _buffer[0.._end); the reader's state is at _position; what is before
        // _kept may be dropped, since a hand-over to Newtonsoft starts at _kept.
        private int _kept;
        private int _position;
        private int _end;
        private JsonReaderState _state = new JsonReaderState(s_options);
        private Resume _resume = Resume.PageStart;
        private bool _bodyEnded;
        private bool _bodyStarted;
        private bool _inRoot;
        private bool _inValue;
        private bool _done;
        private string _nextLink;
        private JsonTextPageReader<T> _newtonsoft;

        public Utf8PageReader(Stream body, HttpResponseMessage response)
            : base(response)
        {
            _body = body;
        }

        private enum Resume
        {
            PageStart,
            ValueStart,
            AfterItem,
            AfterValue,
        }

        private enum Step
        {
            NeedMore,
            Item,
            NotPlainItem,
            PageEnd,
        }

        public override string NextLink => _newtonsoft != null && _newtonsoft.HasNextLink ? _newtonsoft.NextLinkRead : _nextLink;

        /// <summary>Items that were not plain and went to GraphItemReader, and whether the rest of the page went to Newtonsoft (for tests).</summary>
        internal int ItemsReadByNewtonsoft { get; private set; }

        internal bool HandedToNewtonsoft => _newtonsoft != null;

        internal override bool ReadNext(out T item)
        {
            item = default;
            while (true)
            {
                if (_newtonsoft != null)
                {
                    return _newtonsoft.ReadNext(out item);
                }

                if (_done)
                {
                    return false;
                }

                Step step;
                int itemStart = 0;
                int itemEnd = 0;
                try
                {
                    step = ReadOn(out item, ref itemStart, ref itemEnd);
                }
                catch (Exception exception) when (exception is System.Text.Json.JsonException || exception is InvalidOperationException)
                {
                    HandOver();
                    continue;
                }

                switch (step)
                {
                    case Step.Item:
                        return true;
                    case Step.NotPlainItem:
                        ItemsReadByNewtonsoft++;
                        item = ReadWithNewtonsoft(itemStart, itemEnd - itemStart);
                        return true;
                    case Step.PageEnd:
                        _done = true;
                        return false;
                    default:
                        // .NET's reader reads a token only when all of it is here, so a token or item still coming is read
                        // again from its start after each read of the body; one that is already large goes to Newtonsoft,
                        // which reads on where it stopped, rather than being read again and again.
                        if (_end - _position >= LargestPendingRead)
                        {
                            HandOver();
                        }
                        else
                        {
                            Fill();
                        }

                        break;
                }
            }
        }

        /// <summary>Reads on from _position, saving where it got to; an item's bytes are [itemStart, itemEnd) of _buffer.</summary>
        private Step ReadOn(out T item, ref int itemStart, ref int itemEnd)
        {
            item = default;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _position, _end - _position), _bodyEnded, _state);
            while (true)
            {
                // Where the next token starts, to come back to when it is not all here yet.
                int tokenAt = (int)reader.BytesConsumed;
                JsonReaderState tokenState = reader.CurrentState;
                if (!reader.Read())
                {
                    return MoreNeeded(tokenAt, tokenState);
                }

                if (reader.TokenType == JsonTokenType.Comment)
                {
                    throw new InvalidOperationException("A comment: Newtonsoft reads the rest.");
                }

                if (!_inRoot)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new InvalidOperationException("Not an object: Newtonsoft says why.");
                    }

                    _inRoot = true;
                    continue;
                }

                if (_inValue)
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.EndArray:
                            _inValue = false;
                            Save(ref reader, Resume.AfterValue);
                            continue;
                        case JsonTokenType.Null:
                            Save(ref reader, Resume.AfterItem);
                            return Step.Item;
                        case JsonTokenType.StartObject:
                            Utf8JsonReader plain = reader;
                            item = Utf8ItemReader.TryRead<T>(ref plain);
                            if (item != null)
                            {
                                Save(ref plain, Resume.AfterItem);
                                return Step.Item;
                            }

                            // Not plain, or not all here yet: which, the item's end tells.
                            Utf8JsonReader end = reader;
                            if (!end.TrySkip())
                            {
                                return MoreNeeded(tokenAt, tokenState);
                            }

                            itemStart = _position + (int)reader.TokenStartIndex;
                            itemEnd = _position + (int)end.BytesConsumed;
                            Save(ref end, Resume.AfterItem);
                            return Step.NotPlainItem;
                        default:
                            throw new InvalidOperationException("An entry that is not an object: Newtonsoft says why.");
                    }
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    // The page's closing brace; what may follow it is not read, as Newtonsoft does not.
                    return Step.PageEnd;
                }

                // A property of the page: value, the next link, or one to skip (@odata.context...).
                if (reader.ValueTextEquals("value"u8))
                {
                    if (!reader.Read())
                    {
                        return MoreNeeded(tokenAt, tokenState);
                    }

                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new InvalidOperationException("A value that is not an array: Newtonsoft says why.");
                    }

                    _inValue = true;
                    Save(ref reader, Resume.ValueStart);
                    continue;
                }

                if (reader.ValueTextEquals("@odata.nextLink"u8))
                {
                    if (!reader.Read())
                    {
                        return MoreNeeded(tokenAt, tokenState);
                    }

                    if (reader.TokenType == JsonTokenType.String)
                    {
                        _nextLink = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.Null)
                    {
                        _nextLink = null;
                    }
                    else
                    {
                        throw new InvalidOperationException("A next link that is not a string: Newtonsoft reads it.");
                    }
                }
                else
                {
                    Utf8JsonReader skipped = reader;
                    if (!skipped.TrySkip())
                    {
                        return MoreNeeded(tokenAt, tokenState);
                    }

                    reader = skipped;
                }

                // Once value was read, a page's property read is where a hand-over may start; before, it starts at the page's start.
                if (_resume == Resume.AfterValue)
                {
                    Save(ref reader, Resume.AfterValue);
                }
            }
        }

        /// <summary>Saves where the reader got to; <paramref name="resume"/> says what a hand-over from there starts with.</summary>
        private void Save(ref Utf8JsonReader reader, Resume resume)
        {
            _state = reader.CurrentState;
            _position += (int)reader.BytesConsumed;
            reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _position, _end - _position), _bodyEnded, _state);
            _kept = _position;
            _resume = resume;
        }

        private Step MoreNeeded(int tokenAt, JsonReaderState tokenState)
        {
            _position += tokenAt;
            _state = tokenState;
            return Step.NeedMore;
        }

        /// <summary>Reads once more from the body, after dropping what no hand-over needs; a leading byte order mark is skipped.</summary>
        private void Fill()
        {
            if (_bodyEnded)
            {
                // The reader said the data was final and still wanted more: it throws on its next read, and Newtonsoft says why.
                HandOver();
                return;
            }

            if (_kept > 0)
            {
                Buffer.BlockCopy(_buffer, _kept, _buffer, 0, _end - _kept);
                _position -= _kept;
                _end -= _kept;
                _kept = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = _body.Read(_buffer, _end, _buffer.Length - _end);
            if (!_bodyStarted && read > 0)
            {
                // As Utf8ChunkReader does: a byte order mark counts only when the first read brought it whole.
                _bodyStarted = true;
                int mark = Utf8ChunkReader.ByteOrderMarkLength(_buffer, _end, read);
                if (mark > 0)
                {
                    Buffer.BlockCopy(_buffer, _end + mark, _buffer, _end, read - mark);
                    read -= mark;
                    if (read == 0)
                    {
                        return;
                    }
                }
            }

            _bodyEnded = read == 0;
            _end += read;
        }

        /// <summary>The rest of the page, from _kept, to Newtonsoft: after what makes it the same page to JsonTextPageReader.</summary>
        private void HandOver()
        {
            byte[] prefix =
                _resume == Resume.PageStart ? Array.Empty<byte>()
                : _resume == Resume.ValueStart ? s_fromValueStart
                : _resume == Resume.AfterItem ? s_afterItem
                : s_afterValue;
            var rest = new byte[_end - _kept];
            Buffer.BlockCopy(_buffer, _kept, rest, 0, rest.Length);
            var replay = new ReplayStream(prefix, rest, _bodyEnded ? null : _body);
            _newtonsoft = new JsonTextPageReader<T>(GraphJson.Reader(replay, skipByteOrderMark: false), Response);
            _buffer = null;
            if (_resume == Resume.AfterItem)
            {
                // The empty item that stands for the ones already handed out.
                _newtonsoft.ReadNext(out _);
            }
        }

        /// <summary>An item that is not plain, read by GraphItemReader from its own bytes, as JsonTextPageReader would read it.</summary>
        private T ReadWithNewtonsoft(int start, int length)
        {
            using (JsonTextReader reader = GraphJson.Reader(new MemoryStream(_buffer, start, length, writable: false), skipByteOrderMark: false))
            {
                // In the page, an item is two levels down (the page, value): it may nest two levels less deep alone.
                reader.MaxDepth -= 2;
                return GraphItemReader.Read<T>(reader, GraphJson.Serializer);
            }
        }

        public override void Dispose()
        {
            if (_newtonsoft != null)
            {
                _newtonsoft.Dispose();
            }
            else
            {
                _body.Dispose();
            }
        }

        /// <summary>The bytes given, then what the body still brings.</summary>
        private sealed class ReplayStream : Stream
        {
            private readonly byte[] _first;
            private readonly byte[] _second;
            private readonly Stream _body;
            private int _position;

            public ReplayStream(byte[] first, byte[] second, Stream body)
            {
                _first = first;
                _second = second;
                _body = body;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_position < _first.Length + _second.Length)
                {
                    byte[] from = _position < _first.Length ? _first : _second;
                    int at = _position < _first.Length ? _position : _position - _first.Length;
                    int length = Math.Min(count, from.Length - at);
                    Buffer.BlockCopy(from, at, buffer, offset, length);
                    _position += length;
                    return length;
                }

                return _body?.Read(buffer, offset, count) ?? 0;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _body?.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
#endif
