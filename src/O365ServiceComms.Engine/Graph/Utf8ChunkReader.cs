using System;
using System.IO;
using System.Text;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// UTF-8 text from a response body, handing out what one read of the stream brought before reading again.
    /// StreamReader instead keeps reading until the caller's buffer is full whenever a read filled its own buffer,
    /// so it waits for bytes the JSON reader does not need: with a Content-Length that claims more than is sent,
    /// the last items of a page would wait for the idle timeout instead of being handed out. A leading byte order
    /// mark is skipped.
    /// </summary>
    internal sealed class Utf8ChunkReader : TextReader
    {
        private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        private readonly Stream _stream;
        private readonly Decoder _decoder = s_utf8.GetDecoder();
        private readonly byte[] _bytes;
        private readonly char[] _chars;
        private int _charPosition;
        private int _charLength;
        private bool _started;
        private bool _ended;

        /// <param name="skipByteOrderMark">False for bytes whose start was already looked at (a page handed over mid-way).</param>
        public Utf8ChunkReader(Stream stream, int bufferSize = 16 * 1024, bool skipByteOrderMark = true)
        {
            _stream = stream;
            _started = !skipByteOrderMark;
            _bytes = new byte[bufferSize];
            _chars = new char[s_utf8.GetMaxCharCount(bufferSize)];
        }

        public override int Peek() => Fill() ? _chars[_charPosition] : -1;

        public override int Read() => Fill() ? _chars[_charPosition++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            if (count == 0 || !Fill())
            {
                return 0;
            }

            int length = Math.Min(count, _charLength - _charPosition);
            Array.Copy(_chars, _charPosition, buffer, index, length);
            _charPosition += length;
            return length;
        }

        /// <summary>Whether a char is ready, reading (once per call, unless a read decodes to nothing yet) when none is.</summary>
        private bool Fill()
        {
            while (_charPosition == _charLength)
            {
                if (_ended)
                {
                    return false;
                }

                int read = _stream.Read(_bytes, 0, _bytes.Length);
                int start = 0;
                if (!_started && read > 0)
                {
                    _started = true;
                    start = ByteOrderMarkLength(_bytes, 0, read);
                }

                _ended = read == 0;
                _charPosition = 0;
                _charLength = _decoder.GetChars(_bytes, start, read - start, _chars, 0, flush: _ended);
            }

            return true;
        }

        /// <summary>3 when the <paramref name="count"/> bytes at <paramref name="offset"/> start with UTF-8's byte order mark, else 0.</summary>
        internal static int ByteOrderMarkLength(byte[] bytes, int offset, int count) =>
            count >= 3 && bytes[offset] == 0xEF && bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF ? 3 : 0;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stream.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
