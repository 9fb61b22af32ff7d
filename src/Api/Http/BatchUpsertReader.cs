using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Api.Http;

/// <summary>One item of a batch upsert as read: the ExternalId it names and its merge patch (or why it could not be read).</summary>
public sealed record BatchItem(string ExternalId, Outcome<CustomerPatch> Patch);

/// <summary>
/// Reads <c>{ "Items": [ { "ExternalId": "…", …writable fields } ] }</c>: 1…100 items, each naming an ExternalId, no
/// ExternalId twice (trimmed, case-insensitive). Anything else refuses the whole request; what an item's fields say
/// is that item's own business.
/// </summary>
public static class BatchUpsertReader
{
    public const int MaxItems = 100;

    public static Outcome<IReadOnlyList<BatchItem>> Read(JsonElement body) => RequestJson.Read(body, ReadItems);

    private static Outcome<IReadOnlyList<BatchItem>> ReadItems(JsonElement body)
    {
        var errors = new List<ValidationError>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("Items", "The body must be an object whose Items is an array of 1 to 100 upserts.");
        }

        var envelope = RequestJson.ByName(body, errors: errors);
        if (errors.Count > 0)
        {
            return new CustomerFailure.Invalid(errors);
        }

        if (!envelope.TryGetValue("ITEMS", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return Invalid("Items", "The body must be an object whose Items is an array of 1 to 100 upserts.");
        }

        var count = items.GetArrayLength();
        if (count is 0 or > MaxItems)
        {
            return Invalid("Items", $"Items must hold 1 to {MaxItems} upserts; this one holds {count}.");
        }

        var read = new List<BatchItem>(count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var field = $"Items[{index}].ExternalId";
            // An item that repeats a member is that item's own 400, reported by the reading of its patch below.
            if (item.ValueKind != JsonValueKind.Object || !RequestJson.ByName(item).TryGetValue("EXTERNALID", out var externalId)
                || externalId.ValueKind != JsonValueKind.String || PartnerText.Clean(externalId.GetString()) is not { } named)
            {
                errors.Add(CustomerErrors.Field(field, "Each item must be an object with a non-blank ExternalId."));
            }
            else if (!seen.TryAdd(ExternalId.Normalize(named), index))
            {
                errors.Add(CustomerErrors.Field(field, $"ExternalId '{named}' is also item {seen[ExternalId.Normalize(named)]}: each ExternalId once per batch."));
            }
            else
            {
                read.Add(new BatchItem(named, CustomerPatchReader.Read(item)));
            }

            index++;
        }

        return errors.Count > 0 ? new CustomerFailure.Invalid(errors) : read;
    }

    private static Outcome<IReadOnlyList<BatchItem>> Invalid(string field, string message) =>
        new CustomerFailure.Invalid([CustomerErrors.Field(field, message)]);
}
