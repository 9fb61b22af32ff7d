using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.GetCustomerChanges;
using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Application.Customers.Queries.SearchCustomers;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// The one set of JSON options of the Public API, applied to MVC's formatters and to the options the OpenAPI document
/// is generated from, so that what is described is what is read and written: PascalCase, members read in any letter
/// case and each only once, numbers as numbers, instants at fixed precision, Type and Status by their wire names, the
/// search criteria by the camelCase names partners have always sent them by.
/// </summary>
public static class PartnerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        // The same member twice (in any letter case) is ambiguous: which one did the partner mean?
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new FixedPrecisionDateTimeOffsetConverter());
        options.Converters.Add(new WireNameConverter<CustomerType>());
        options.Converters.Add(new WireNameConverter<CustomerStatus>());
        options.Converters.Add(new WireNameConverter<CustomerEventType>());
        options.Converters.Add(new WireNameConverter<Domain.Webhooks.WebhookStatus>());
        options.Converters.Add(new WireNameConverter<Domain.Webhooks.WebhookStatusReason>());
        options.Converters.Add(new WireNameConverter<Domain.Webhooks.DeliveryState>());
        // Compile-time metadata for the bodies the API writes most; reflection, with merge-patch members shown as what
        // they hold, for the rest.
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(ApiJson.Default.WithAddedModifier(NameMembers).WithAddedModifier(WriteSelectedMembers));
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver { Modifiers = { OptionalMembers.Expose, NameMembers, WriteSelectedMembers } });
    }

    /// <summary>
    /// The name a member goes by on the wire, which the OpenAPI document declares and a validation error is keyed by:
    /// PascalCase, except the search criteria's, which the published search request has always spelled in camelCase
    /// (<c>page</c>, <c>pageSize</c>, <c>statuses</c>, <c>createdDateRange.start</c>); either is read in any letter case.
    /// </summary>
    public static string WireName(Type declaringType, string memberName) =>
        CamelCaseMembers.Contains(declaringType) ? JsonNamingPolicy.CamelCase.ConvertName(memberName) : memberName;

    // A webhook's envelope is camel-case as Alvys's tender webhooks are; the customer inside it is as GET answers it.
    private static readonly HashSet<Type> CamelCaseMembers =
        [typeof(SearchCustomersCriteria), typeof(CreatedDateRange), typeof(CustomerEventMessage), typeof(CustomerEventDiff)];

    private static void NameMembers(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !CamelCaseMembers.Contains(typeInfo.Type))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.Name = WireName(typeInfo.Type, property.Name);
        }
    }

    /// <summary>
    /// A customer read with <c>fields</c> is written with the members selected only (<see cref="CustomerResponse.Carries"/>);
    /// a webhook message without a diff has no <c>diff</c> member (the contract adds it to some events, it is never null).
    /// </summary>
    private static void WriteSelectedMembers(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type == typeof(CustomerEventMessage))
        {
            typeInfo.Properties.Single(p => p.Name == WireName(typeof(CustomerEventMessage), nameof(CustomerEventMessage.Diff))).ShouldSerialize = (_, diff) => diff is not null;
            return;
        }

        if (typeInfo.Type != typeof(CustomerResponse))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            var member = property.Name;
            var otherwise = property.ShouldSerialize;
            property.ShouldSerialize = (response, value) => ((CustomerResponse)response).Carries(member) && (otherwise?.Invoke(response, value) ?? true);
        }
    }

    /// <summary>The names a value of <paramref name="enumType"/> goes by on the wire, in declaration order.</summary>
    public static IEnumerable<string> WireNames(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>().Select(value => value switch
        {
            CustomerType type => type.ToName(),
            CustomerStatus status => status.ToName(),
            CustomerEventType type => CustomerEventMessage.TypeName(type),
            _ => value.ToString()!,
        });

    /// <summary>
    /// Type and Status by the names partners know (<c>Broker/3PL</c> is no C# identifier), read trimmed and in any letter
    /// case as they always were; a number or an unknown name is refused, and reported with the names there are.
    /// </summary>
    private sealed class WireNameConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly (string Name, TEnum Value)[] Names =
            [.. WireNames(typeof(TEnum)).Zip(Enum.GetValues<TEnum>())];

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Trim() is var sent)
            {
                foreach (var (name, value) in Names)
                {
                    if (string.Equals(name, sent, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }
            }

            // No message of ours: the serializer adds the member's path, and the problem names the values there are.
            throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Array.Find(Names, entry => EqualityComparer<TEnum>.Default.Equals(entry.Value, value)).Name);
    }
}

/// <summary>
/// Compile-time serialization metadata for the bodies the API reads and writes, so that MVC's JSON formatters
/// build nothing by reflection. Generation options mirror the MVC options set in Program.cs (PascalCase,
/// members bound in any letter case); converters registered there still apply.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CustomerResponse))]
[JsonSerializable(typeof(CustomerWriteResponse))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SearchCustomersCriteria))]
[JsonSerializable(typeof(ChangesResponse))]
[JsonSerializable(typeof(BatchUpsertResponse))]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(CustomerEventMessage))]
internal sealed partial class ApiJson : JsonSerializerContext;
