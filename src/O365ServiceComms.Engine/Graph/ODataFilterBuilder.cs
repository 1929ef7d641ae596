using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// Builds one OData $filter from clauses joined with "and". Every value becomes a literal (strings quoted with
    /// their quotes doubled), so no value, however hostile, can change what the filter means.
    /// </summary>
    internal sealed class ODataFilterBuilder
    {
        private static readonly Regex s_identifier = new Regex(@"^[A-Za-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

        private readonly List<string> _clauses = new List<string>();

        /// <summary>Whether any clause was added.</summary>
        public bool IsEmpty => _clauses.Count == 0;

        /// <summary>property eq 'a' (one value) or (property eq 'a' or property eq 'b'); nothing for no values.</summary>
        public ODataFilterBuilder AnyOf(string property, IEnumerable<string> values)
        {
            CheckIdentifier(property);
            string[] literals = Literals(values);
            if (literals.Length == 1)
            {
                _clauses.Add(property + " eq " + literals[0]);
            }
            else if (literals.Length > 1)
            {
                _clauses.Add("(" + string.Join(" or ", literals.Select(literal => property + " eq " + literal)) + ")");
            }

            return this;
        }

        /// <summary>collection/any(s:s eq 'a' or s eq 'b'): the collection holds at least one of the values.</summary>
        public ODataFilterBuilder ContainsAnyOf(string collection, IEnumerable<string> values)
        {
            CheckIdentifier(collection);
            string[] literals = Literals(values);
            if (literals.Length > 0)
            {
                _clauses.Add(collection + "/any(s:" + string.Join(" or ", literals.Select(literal => "s eq " + literal)) + ")");
            }

            return this;
        }

        /// <summary>property eq true|false; nothing for null.</summary>
        public ODataFilterBuilder IsEqual(string property, bool? value)
        {
            CheckIdentifier(property);
            if (value != null)
            {
                _clauses.Add(property + " eq " + (value.Value ? "true" : "false"));
            }

            return this;
        }

        /// <summary>property ge the time, in UTC (a time of unspecified kind is taken as local, as PowerShell does); nothing for null.</summary>
        public ODataFilterBuilder OnOrAfter(string property, DateTime? value)
        {
            CheckIdentifier(property);
            if (value != null)
            {
                _clauses.Add(property + " ge " + DateTimeLiteral(value.Value));
            }

            return this;
        }

        /// <summary>The whole filter, or null when no clause was added.</summary>
        public string Build() => IsEmpty ? null : string.Join(" and ", _clauses);

        public override string ToString() => Build() ?? string.Empty;

        /// <summary>'value' with each ' doubled, the escape OData defines for string literals.</summary>
        public static string StringLiteral(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            return "'" + value.Replace("'", "''") + "'";
        }

        /// <summary>2021-06-01T12:30:15.25Z: UTC, with as many fraction digits as the time has (none for whole seconds).</summary>
        public static string DateTimeLiteral(DateTime value) =>
            value.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        private static string[] Literals(IEnumerable<string> values) =>
            values == null
                ? Array.Empty<string>()
                : values.Distinct(StringComparer.Ordinal).Select(StringLiteral).ToArray();

        private static void CheckIdentifier(string property)
        {
            // Property names come from this module, never from the user; a bad one is a bug, not input.
            if (property == null || !s_identifier.IsMatch(property))
            {
                throw new ArgumentException("Not an OData property name: " + property, nameof(property));
            }
        }
    }
}
