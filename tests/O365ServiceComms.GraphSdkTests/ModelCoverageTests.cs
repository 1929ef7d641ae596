using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;
using Sdk = Microsoft.Graph.Models;

namespace O365ServiceComms.GraphSdkTests
{
    /// <summary>
    /// Every property of Graph's service communications models, as the official SDK declares them, has a counterpart
    /// on the module's output objects: the same name with a matching type, or an entry of <see cref="Elsewhere"/>.
    /// </summary>
    public class ModelCoverageTests
    {
        /// <summary>The SDK's models and the module's objects that carry them.</summary>
        internal static readonly Dictionary<Type, Type> Counterparts = new Dictionary<Type, Type>
        {
            [typeof(Sdk.ServiceHealthIssue)] = typeof(ServiceIncident),
            [typeof(Sdk.ServiceUpdateMessage)] = typeof(MessageCenterPost),
            [typeof(Sdk.ServiceHealth)] = typeof(ServiceStatus),
            [typeof(Sdk.ServiceAnnouncementAttachment)] = typeof(ServiceMessageAttachment),
            [typeof(Sdk.ServiceHealthIssuePost)] = typeof(ServiceHealthIssuePost),
            [typeof(Sdk.ItemBody)] = typeof(ServiceItemBody),
            [typeof(Sdk.ServiceUpdateMessageViewpoint)] = typeof(ServiceMessageViewPoint),
            [typeof(Sdk.KeyValuePair)] = typeof(ServiceMessageDetail),
        };

        /// <summary>
        /// SDK properties the module carries under another name or in another place ("*" for every model). A value
        /// naming properties of ours ("A+B") is checked: they must exist. Keep this list short and each entry explained.
        /// </summary>
        internal static readonly Dictionary<string, string> Elsewhere = new Dictionary<string, string>
        {
            // Kiota's change tracking: SDK plumbing, not data Graph sends.
            ["*.BackingStore"] = "(none)",
            // The @odata.type annotation: it names the type, which our objects' .NET type does.
            ["*.OdataType"] = "(none)",
            // What Graph sent that the model does not know (highImpact, expiryDateTime on the SDK's side).
            ["*.AdditionalData"] = "property:AdditionalProperties",
            // Our Body is the plain text (the old API's); Graph's itemBody is BodyContent (as sent) and BodyContentType.
            ["ServiceUpdateMessage.Body"] = "property:BodyContent+BodyContentType+Body",
            // A navigation Graph does not expand: Get-O365ServiceMessageAttachment lists it; HasAttachments says whether.
            ["ServiceUpdateMessage.Attachments"] = "cmdlet:Get-O365ServiceMessageAttachment",
            // A stream: Save-O365ServiceMessageAttachment -Id saves it as a zip.
            ["ServiceUpdateMessage.AttachmentsArchive"] = "cmdlet:Save-O365ServiceMessageAttachment -Id",
            // A stream: Save-O365ServiceMessageAttachment saves each attachment piped from Get-O365ServiceMessageAttachment.
            ["ServiceAnnouncementAttachment.Content"] = "cmdlet:Get-O365ServiceMessageAttachment | Save-O365ServiceMessageAttachment",
            // The status lists the ids of the unresolved issues (the old API's IncidentIds); piped to
            // Get-O365ServiceMessage they give the issue objects without a further request.
            ["ServiceHealth.Issues"] = "property:IncidentIds",
        };

        [Fact]
        public void EverySdkPropertyHasACounterpart()
        {
            var missing = Counterparts.SelectMany(pair => Missing(pair.Key, pair.Value)).ToList();
            Assert.True(missing.Count == 0, "Not on our objects:\n" + string.Join("\n", missing));
        }

        [Fact]
        public void TheCheckFailsWhenAPropertyIsDroppedOrMistyped()
        {
            // As if Posts and Feature had been dropped from ServiceIncident.
            var missing = Missing(typeof(Sdk.ServiceHealthIssue), typeof(ServiceIncident), property => property.Name != "Posts" && property.Name != "Feature").ToList();
            Assert.Contains(missing, line => line.StartsWith("ServiceHealthIssue.Posts", StringComparison.Ordinal));
            Assert.Contains(missing, line => line.StartsWith("ServiceHealthIssue.Feature", StringComparison.Ordinal));
            Assert.Equal(2, missing.Count);

            var mistyped = Missing(typeof(Sdk.ServiceUpdateMessageViewpoint), typeof(ServiceStatus)).ToList();
            Assert.Contains(mistyped, line => line.StartsWith("ServiceUpdateMessageViewpoint.IsRead", StringComparison.Ordinal));

            // Body is listed as elsewhere; without that entry its type (text, not an itemBody) is reported.
            Assert.Contains(Missing(typeof(Sdk.ServiceUpdateMessage), typeof(MessageCenterPost), elsewhere: new Dictionary<string, string>()),
                line => line.StartsWith("ServiceUpdateMessage.Body:", StringComparison.Ordinal));
        }

        [Fact]
        public void EveryElsewhereEntryIsAnSdkPropertyAndNamesPropertiesThatExist()
        {
            foreach (var entry in Elsewhere)
            {
                string[] parts = entry.Key.Split('.');
                IEnumerable<Type> models = parts[0] == "*" ? Counterparts.Keys : Counterparts.Keys.Where(type => type.Name == parts[0]).ToList();
                Assert.NotEmpty(models);
                foreach (Type model in models)
                {
                    Assert.True(model.GetProperty(parts[1]) != null, entry.Key + " is no property of " + model.Name);
                    if (entry.Value.StartsWith("property:", StringComparison.Ordinal))
                    {
                        foreach (string name in entry.Value.Substring("property:".Length).Split('+'))
                        {
                            Assert.True(Counterparts[model].GetProperty(name) != null, Counterparts[model].Name + " has no " + name);
                        }
                    }
                }
            }
        }

        internal static IEnumerable<string> Missing(
            Type sdk, Type ours, Func<PropertyInfo, bool> oursFilter = null, IDictionary<string, string> elsewhere = null)
        {
            elsewhere = elsewhere ?? Elsewhere;
            var ourProperties = ours.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => oursFilter == null || oursFilter(property))
                .ToDictionary(property => property.Name, StringComparer.OrdinalIgnoreCase);
            foreach (PropertyInfo property in sdk.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (elsewhere.ContainsKey(sdk.Name + "." + property.Name) || elsewhere.ContainsKey("*." + property.Name))
                {
                    continue;
                }

                if (!ourProperties.TryGetValue(property.Name, out PropertyInfo counterpart))
                {
                    yield return sdk.Name + "." + property.Name + ": no property of that name on " + ours.Name;
                    continue;
                }

                string expected = Kind(property.PropertyType, sdkSide: true);
                string actual = Kind(counterpart.PropertyType, sdkSide: false);
                if (expected != actual)
                {
                    yield return sdk.Name + "." + property.Name + ": " + expected + " in the SDK, " + actual + " on " + ours.Name;
                }
            }
        }

        // What a property holds, in terms both sides share: text (enums are text on our side: new values are kept as
        // sent), time, boolean, number, one of the paired models, or a list of one of those.
        private static string Kind(Type type, bool sdkSide)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(ValueList<>)))
            {
                return "list of " + Kind(type.GetGenericArguments()[0], sdkSide);
            }

            if (type == typeof(string) || type.IsEnum)
            {
                return "text";
            }

            if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            {
                return "time";
            }

            if (type == typeof(bool))
            {
                return "boolean";
            }

            if (type == typeof(int) || type == typeof(long))
            {
                return "number";
            }

            if (sdkSide && Counterparts.TryGetValue(type, out Type ours))
            {
                return ours.Name;
            }

            return type.Name;
        }
    }
}
