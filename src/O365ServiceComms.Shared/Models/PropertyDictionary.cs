using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace O365ServiceComms
{
    /// <summary>
    /// The properties Graph sent that this version does not know (AdditionalProperties), by Graph's name, with plain
    /// values: strings, numbers, booleans, DateTime (local), nested PropertyDictionary objects and ValueList arrays.
    /// Read them as $item.AdditionalProperties.someNewField; its text is "name=value; name=value".
    /// </summary>
    public sealed class PropertyDictionary : ReadOnlyDictionary<string, object>
    {
        internal static readonly PropertyDictionary Empty = new PropertyDictionary(new Dictionary<string, object>());

        internal PropertyDictionary(IDictionary<string, object> properties)
            : base(properties)
        {
        }

        public override string ToString() =>
            string.Join(ValueList<object>.Separator, this.Select(pair => pair.Key + "=" + pair.Value));
    }
}
