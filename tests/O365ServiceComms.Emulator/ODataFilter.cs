using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace O365ServiceComms.Emulator;

/// <summary>Edm types the filter language of the emulator knows.</summary>
internal enum FilterType { String, Boolean, DateTimeOffset, Int64, Null, StringCollection }

/// <summary>A property a $filter may name: its Edm type and how to read it from an item.</summary>
internal sealed record FilterProperty(string Name, FilterType Type, Func<object, object?> Read);

/// <summary>The filterable properties of one entity type, names matched case-insensitively as Graph does.</summary>
internal sealed class FilterSchema(string entityType, IEnumerable<FilterProperty> properties, IEnumerable<string> notFilterable)
{
    private readonly Dictionary<string, FilterProperty> _properties = properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _notFilterable = new(notFilterable, StringComparer.OrdinalIgnoreCase);

    public string EntityType { get; } = entityType;

    public FilterProperty Find(string name)
    {
        if (_properties.TryGetValue(name, out var property))
        {
            return property;
        }
        if (_notFilterable.Contains(name))
        {
            throw ODataFilter.BadRequest($"The property '{name}' cannot be used in the $filter query option.");
        }
        throw ODataFilter.BadRequest($"Could not find a property named '{name}' on type '{EntityType}'.");
    }
}

/// <summary>
/// $filter as the service communications API serves it: eq, ne, gt, ge, lt, le on the top-level scalar properties,
/// and, or, parentheses, collection/any(s:s eq '...') and all(...), string literals with '' for a quote, DateTimeOffset,
/// boolean, integer and null literals, and enum literals optionally qualified (microsoft.graph.serviceHealthStatus'...').
/// Property names and keywords are case-insensitive; string comparison is ordinal (case-sensitive), as in OData.
/// Anything else is refused with 400, like Graph, so a test never passes on a filter the emulator ignored.
/// </summary>
internal static class ODataFilter
{
    private const int MaxDepth = 64;

    private static readonly Dictionary<Type, FilterSchema> Schemas = new()
    {
        [typeof(ServiceHealthIssue)] = new FilterSchema("microsoft.graph.serviceHealthIssue",
            [
                new("id", FilterType.String, i => ((ServiceHealthIssue)i).Id),
                new("title", FilterType.String, i => ((ServiceHealthIssue)i).Title),
                new("service", FilterType.String, i => ((ServiceHealthIssue)i).Service),
                new("feature", FilterType.String, i => ((ServiceHealthIssue)i).Feature),
                new("featureGroup", FilterType.String, i => ((ServiceHealthIssue)i).FeatureGroup),
                new("impactDescription", FilterType.String, i => ((ServiceHealthIssue)i).ImpactDescription),
                new("classification", FilterType.String, i => ((ServiceHealthIssue)i).Classification),
                new("origin", FilterType.String, i => ((ServiceHealthIssue)i).Origin),
                new("status", FilterType.String, i => ((ServiceHealthIssue)i).Status),
                new("isResolved", FilterType.Boolean, i => ((ServiceHealthIssue)i).IsResolved),
                new("startDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceHealthIssue)i).StartDateTime)),
                new("endDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceHealthIssue)i).EndDateTime)),
                new("lastModifiedDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceHealthIssue)i).LastModifiedDateTime)),
            ],
            ["details", "posts", "highImpact"]),
        [typeof(ServiceUpdateMessage)] = new FilterSchema("microsoft.graph.serviceUpdateMessage",
            [
                new("id", FilterType.String, i => ((ServiceUpdateMessage)i).Id),
                new("title", FilterType.String, i => ((ServiceUpdateMessage)i).Title),
                new("category", FilterType.String, i => ((ServiceUpdateMessage)i).Category),
                new("severity", FilterType.String, i => ((ServiceUpdateMessage)i).Severity),
                new("isMajorChange", FilterType.Boolean, i => ((ServiceUpdateMessage)i).IsMajorChange),
                new("hasAttachments", FilterType.Boolean, i => ((ServiceUpdateMessage)i).HasAttachments),
                new("startDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceUpdateMessage)i).StartDateTime)),
                new("endDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceUpdateMessage)i).EndDateTime)),
                new("lastModifiedDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceUpdateMessage)i).LastModifiedDateTime)),
                new("actionRequiredByDateTime", FilterType.DateTimeOffset, i => Offset(((ServiceUpdateMessage)i).ActionRequiredByDateTime)),
                new("services", FilterType.StringCollection, i => ((ServiceUpdateMessage)i).Services),
                new("tags", FilterType.StringCollection, i => ((ServiceUpdateMessage)i).Tags),
            ],
            ["details", "body", "viewPoint", "expiryDateTime"]),
    };

    /// <summary>The items the filter selects, in their order; all of them when there is no filter.</summary>
    public static IEnumerable<T> Apply<T>(IEnumerable<T> items, string? filter)
    {
        if (filter is null)
        {
            return items;
        }
        if (!Schemas.TryGetValue(typeof(T), out var schema))
        {
            throw new ODataException(400, "BadRequest", "The query specified in the URI is not valid. $filter is not supported on this collection.");
        }
        var predicate = Compile(filter, schema);
        return items.Where(item => predicate(item!));
    }

    /// <summary>Parses and type-checks the filter once; the result tests one item.</summary>
    public static Func<object, bool> Compile(string filter, FilterSchema schema)
    {
        var parser = new Parser(filter, schema);
        var node = parser.ParseFilter();
        if (node.Type != FilterType.Boolean)
        {
            throw BadRequest($"The $filter expression must evaluate to a single boolean value: '{filter}'.");
        }
        return item => node.Evaluate(new Scope(item, null, null)) is true;
    }

    public static ODataException BadRequest(string message) => new(400, "BadRequest", message);

    private static object? Offset(DateTime? value) =>
        value is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;

    // ---- evaluation

    private sealed record Scope(object Item, string? Variable, object? VariableValue);

    private abstract class Node
    {
        public abstract FilterType Type { get; }
        public abstract object? Evaluate(Scope scope);
    }

    private sealed class Literal(FilterType type, object? value) : Node
    {
        public override FilterType Type => type;
        public override object? Evaluate(Scope scope) => value;
    }

    private sealed class PropertyRead(FilterProperty property) : Node
    {
        public override FilterType Type => property.Type;
        public override object? Evaluate(Scope scope) => property.Read(scope.Item);
    }

    private sealed class VariableRead : Node
    {
        public override FilterType Type => FilterType.String;
        public override object? Evaluate(Scope scope) => scope.VariableValue;
    }

    private sealed class Logical(bool isAnd, Node left, Node right) : Node
    {
        public override FilterType Type => FilterType.Boolean;
        public override object? Evaluate(Scope scope) =>
            isAnd
                ? left.Evaluate(scope) is true && right.Evaluate(scope) is true
                : left.Evaluate(scope) is true || right.Evaluate(scope) is true;
    }

    private sealed class Comparison(string op, Node left, Node right) : Node
    {
        public override FilterType Type => FilterType.Boolean;

        public override object? Evaluate(Scope scope)
        {
            var a = left.Evaluate(scope);
            var b = right.Evaluate(scope);
            if (a is null || b is null)
            {
                // OData: null eq null is true; any ordering comparison with null is false.
                return op switch { "eq" => a is null && b is null, "ne" => (a is null) != (b is null), _ => false };
            }
            var order = (a, b) switch
            {
                (string x, string y) => string.CompareOrdinal(x, y),
                (bool x, bool y) => x.CompareTo(y),
                (DateTimeOffset x, DateTimeOffset y) => x.UtcDateTime.CompareTo(y.UtcDateTime),
                (long x, long y) => x.CompareTo(y),
                _ => throw new InvalidOperationException("Operands were type-checked at parse time."),
            };
            return op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order > 0,
                "ge" => order >= 0,
                "lt" => order < 0,
                "le" => order <= 0,
                _ => throw new InvalidOperationException(op),
            };
        }
    }

    private sealed class Lambda(bool isAny, FilterProperty collection, string variable, Node body) : Node
    {
        public override FilterType Type => FilterType.Boolean;

        public override object? Evaluate(Scope scope)
        {
            var values = collection.Read(scope.Item) as IEnumerable<string> ?? [];
            bool Test(string value) => body.Evaluate(scope with { Variable = variable, VariableValue = value }) is true;
            return isAny ? values.Any(Test) : values.All(Test);
        }
    }

    // ---- parsing

    private enum TokenKind { Identifier, String, Bare, LeftParen, RightParen, Slash, Colon, Comma, End }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser
    {
        private static readonly Regex DateTimeLiteral = new(
            @"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.(\d{1,12}))?)?(Z|[+-]\d{2}:\d{2})$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly string[] ComparisonOperators = ["eq", "ne", "gt", "ge", "lt", "le"];

        private readonly string _text;
        private readonly FilterSchema _schema;
        private readonly List<Token> _tokens;
        private int _next;
        private int _depth;
        private string? _variable;

        public Parser(string text, FilterSchema schema)
        {
            _text = text;
            _schema = schema;
            _tokens = Tokenize(text);
        }

        public Node ParseFilter()
        {
            var node = ParseOr();
            if (Peek.Kind != TokenKind.End)
            {
                throw SyntaxError(Peek);
            }
            return node;
        }

        private Token Peek => _tokens[_next];

        private Token Take() => _tokens[_next++];

        private bool TakeKeyword(string keyword)
        {
            if (Peek.Kind == TokenKind.Identifier && Peek.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                _next++;
                return true;
            }
            return false;
        }

        private Token Expect(TokenKind kind)
        {
            var token = Take();
            return token.Kind == kind ? token : throw SyntaxError(token);
        }

        private Node ParseOr()
        {
            if (++_depth > MaxDepth)
            {
                throw BadRequest("The $filter expression is nested too deeply.");
            }
            var left = ParseAnd();
            while (TakeKeyword("or"))
            {
                left = new Logical(false, RequireBoolean(left, "Or"), RequireBoolean(ParseAnd(), "Or"));
            }
            _depth--;
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParsePrimary();
            while (TakeKeyword("and"))
            {
                left = new Logical(true, RequireBoolean(left, "And"), RequireBoolean(ParsePrimary(), "And"));
            }
            return left;
        }

        private Node ParsePrimary()
        {
            if (Peek.Kind == TokenKind.LeftParen)
            {
                Take();
                var inner = ParseOr();
                Expect(TokenKind.RightParen);
                return inner;
            }
            if (Peek.Kind == TokenKind.Identifier && Peek.Text.Equals("not", StringComparison.OrdinalIgnoreCase))
            {
                throw BadRequest("The 'not' operator is not supported by the service communications API.");
            }

            var left = ParseOperand();
            if (left is Lambda)
            {
                return left;
            }
            var op = Take();
            var name = op.Text.ToLowerInvariant();
            if (op.Kind != TokenKind.Identifier || !ComparisonOperators.Contains(name))
            {
                throw SyntaxError(op);
            }
            var right = ParseOperand();
            CheckComparable(left, right, name);
            return new Comparison(name, left, right);
        }

        private Node ParseOperand()
        {
            var token = Take();
            switch (token.Kind)
            {
                case TokenKind.String:
                    return new Literal(FilterType.String, token.Text);
                case TokenKind.Bare:
                    return ParseBareLiteral(token);
                case TokenKind.Identifier:
                    return ParseIdentifier(token);
                default:
                    throw SyntaxError(token);
            }
        }

        private Node ParseIdentifier(Token token)
        {
            switch (token.Text.ToLowerInvariant())
            {
                case "true": return new Literal(FilterType.Boolean, true);
                case "false": return new Literal(FilterType.Boolean, false);
                case "null": return new Literal(FilterType.Null, null);
            }

            // microsoft.graph.serviceHealthStatus'serviceDegradation': an enum literal, compared as its string.
            if (Peek.Kind == TokenKind.String && Peek.Position == token.Position + token.Text.Length && token.Text.Contains('.'))
            {
                return new Literal(FilterType.String, Take().Text);
            }
            if (Peek.Kind == TokenKind.LeftParen)
            {
                throw BadRequest($"The function '{token.Text}' is not supported by the service communications API.");
            }
            if (_variable is not null && token.Text == _variable)
            {
                return new VariableRead();
            }

            var property = _schema.Find(token.Text);
            if (Peek.Kind != TokenKind.Slash)
            {
                if (property.Type == FilterType.StringCollection)
                {
                    throw BadRequest($"The collection property '{property.Name}' can only be used with any() or all().");
                }
                return new PropertyRead(property);
            }

            Take();
            var lambda = Expect(TokenKind.Identifier);
            var isAny = lambda.Text.Equals("any", StringComparison.OrdinalIgnoreCase);
            if ((!isAny && !lambda.Text.Equals("all", StringComparison.OrdinalIgnoreCase)) || property.Type != FilterType.StringCollection)
            {
                throw SyntaxError(lambda);
            }
            if (_variable is not null)
            {
                throw BadRequest("Nested lambda expressions are not supported.");
            }
            Expect(TokenKind.LeftParen);
            var variable = Expect(TokenKind.Identifier).Text;
            Expect(TokenKind.Colon);
            _variable = variable;
            var body = RequireBoolean(ParseOr(), "Lambda");
            _variable = null;
            Expect(TokenKind.RightParen);
            return new Lambda(isAny, property, variable, body);
        }

        private Node ParseBareLiteral(Token token)
        {
            if (long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return new Literal(FilterType.Int64, number);
            }
            var match = DateTimeLiteral.Match(token.Text);
            if (match.Success)
            {
                // .NET reads at most 7 fraction digits; OData allows 12.
                var text = match.Groups[9].Success && match.Groups[9].Value.Length > 7
                    ? token.Text.Remove(match.Groups[9].Index + 7, match.Groups[9].Length - 7)
                    : token.Text;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    return new Literal(FilterType.DateTimeOffset, time);
                }
            }
            throw BadRequest($"Unrecognized literal '{token.Text}' at position {token.Position} in '{_text}'.");
        }

        private static Node RequireBoolean(Node node, string operatorKind) =>
            node.Type == FilterType.Boolean
                ? node
                : throw BadRequest($"A binary operator with incompatible types was detected. Found operand type '{EdmName(node.Type)}' for operator kind '{operatorKind}'.");

        private static void CheckComparable(Node left, Node right, string op)
        {
            var ordering = op is not ("eq" or "ne");
            var compatible = left.Type == FilterType.Null || right.Type == FilterType.Null
                ? !ordering
                : left.Type == right.Type && left.Type != FilterType.StringCollection && !(ordering && left.Type == FilterType.Boolean);
            if (!compatible)
            {
                throw BadRequest(
                    $"A binary operator with incompatible types was detected. Found operand types '{EdmName(left.Type)}' and '{EdmName(right.Type)}' for operator kind '{OperatorKind(op)}'.");
            }
        }

        private static string EdmName(FilterType type) => type switch
        {
            FilterType.String => "Edm.String",
            FilterType.Boolean => "Edm.Boolean",
            FilterType.DateTimeOffset => "Edm.DateTimeOffset",
            FilterType.Int64 => "Edm.Int64",
            FilterType.StringCollection => "Collection(Edm.String)",
            _ => "<null>",
        };

        private static string OperatorKind(string op) => op switch
        {
            "eq" => "Equal",
            "ne" => "NotEqual",
            "gt" => "GreaterThan",
            "ge" => "GreaterThanOrEqual",
            "lt" => "LessThan",
            _ => "LessThanOrEqual",
        };

        private ODataException SyntaxError(Token token) =>
            token.Kind == TokenKind.End
                ? BadRequest($"Syntax error: the $filter '{_text}' ended unexpectedly.")
                : BadRequest($"Syntax error at position {token.Position} in '{_text}'.");

        private static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }
                var start = i;
                switch (c)
                {
                    case '(': tokens.Add(new(TokenKind.LeftParen, "(", i++)); continue;
                    case ')': tokens.Add(new(TokenKind.RightParen, ")", i++)); continue;
                    case '/': tokens.Add(new(TokenKind.Slash, "/", i++)); continue;
                    case ':': tokens.Add(new(TokenKind.Colon, ":", i++)); continue;
                    case ',': tokens.Add(new(TokenKind.Comma, ",", i++)); continue;
                    case '\'':
                        tokens.Add(new(TokenKind.String, ReadString(text, ref i), start));
                        continue;
                }
                if (char.IsLetter(c) || c == '_' || c == '$')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '$'))
                    {
                        i++;
                    }
                    tokens.Add(new(TokenKind.Identifier, text[start..i], start));
                    continue;
                }
                if (char.IsDigit(c) || c is '-' or '+')
                {
                    i++;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is ':' or '.' or '-' or '+'))
                    {
                        i++;
                    }
                    tokens.Add(new(TokenKind.Bare, text[start..i], start));
                    continue;
                }
                throw BadRequest($"Syntax error: character '{c}' is not valid at position {i} in '{text}'.");
            }
            tokens.Add(new(TokenKind.End, "", text.Length));
            return tokens;
        }

        /// <summary>'...' with '' standing for one quote; i ends after the closing quote.</summary>
        private static string ReadString(string text, ref int i)
        {
            var start = i;
            var value = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        value.Append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    return value.ToString();
                }
                value.Append(text[i++]);
            }
            throw BadRequest($"There is an unterminated string literal at position {start} in '{text}'.");
        }
    }
}
