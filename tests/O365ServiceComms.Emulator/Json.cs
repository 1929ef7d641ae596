using System.Text.Encodings.Web;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

internal static class Json
{
    /// <summary>camelCase, nulls written, HTML characters left as they are (like Graph: "&lt;p&gt;", not "\u003Cp\u003E").</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
