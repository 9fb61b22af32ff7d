using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// The cursor partners hold between polls of the changes feed: the Cosmos SDK's change feed continuation, bound to
/// the tenant it was issued to. Opaque to partners and checked when it comes back — a checksum catches an edited
/// cursor, and the continuation inside must name exactly one feed range, the logical partition of the caller's
/// own tenant, whatever the checksum says (the checksum is no secret; the tenant check is what keeps partitions apart).
/// </summary>
internal static class ChangeCursor
{
    private const string Version = "c1";
    private static readonly byte[] Domain = "alvys-customers-changes-cursor"u8.ToArray();

    public static string Seal(TenantId tenant, string continuation)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(tenant.Value, continuation), ChangeCursorJson.Default.CursorPayload);
        return $"{Version}.{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Checksum(payload))}";
    }

    /// <summary>The SDK continuation inside <paramref name="cursor"/>, when the cursor is intact and opens only <paramref name="tenant"/>'s partition.</summary>
    public static bool TryOpen(string cursor, TenantId tenant, out string continuation)
    {
        continuation = string.Empty;
        var parts = cursor.Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length > 4096
            || !TryDecode(parts[1], out var payload) || !TryDecode(parts[2], out var checksum)
            || !CryptographicOperations.FixedTimeEquals(checksum, Checksum(payload)))
        {
            return false;
        }

        try
        {
            var opened = JsonSerializer.Deserialize(payload, ChangeCursorJson.Default.CursorPayload);
            if (opened is not { Tenant: { } issuedTo, Continuation: { } inner } || issuedTo != tenant.Value || !OpensOnly(inner, tenant))
            {
                return false;
            }

            continuation = inner;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The SDK's continuation is <c>{"V":2,"Rid":…,"Continuation":[{"FeedRange":{"type":"Logical Partition Key","value":"[\"tenant\"]"},"State":…}]}</c>:
    /// it must hold one range, and that range must be the tenant's logical partition.
    /// </summary>
    private static bool OpensOnly(string continuation, TenantId tenant)
    {
        using var document = JsonDocument.Parse(continuation);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("Continuation", out var ranges) || ranges.ValueKind != JsonValueKind.Array || ranges.GetArrayLength() != 1)
        {
            return false;
        }

        var range = ranges[0];
        if (!range.TryGetProperty("FeedRange", out var feedRange) || feedRange.ValueKind != JsonValueKind.Object
            || !feedRange.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Logical Partition Key"
            || !feedRange.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        using var key = JsonDocument.Parse(value.GetString()!);
        return key.RootElement is { ValueKind: JsonValueKind.Array } keys && keys.GetArrayLength() == 1
            && keys[0].ValueKind == JsonValueKind.String && keys[0].GetString() == tenant.Value;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static byte[] Checksum(byte[] payload) => SHA256.HashData([.. Domain, .. payload])[..12];
}

internal sealed record CursorPayload(
    [property: System.Text.Json.Serialization.JsonPropertyName("t")] string? Tenant,
    [property: System.Text.Json.Serialization.JsonPropertyName("c")] string? Continuation);

[System.Text.Json.Serialization.JsonSerializable(typeof(CursorPayload))]
internal sealed partial class ChangeCursorJson : System.Text.Json.Serialization.JsonSerializerContext;
