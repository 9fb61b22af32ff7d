using System.Text.Json.Nodes;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Microsoft.OpenApi;

namespace Alvys.Customers.Api.OpenApi;

/// <summary>
/// What the generator cannot see of the webhook bodies: the event types are written by a converter of ours (so a list
/// of them has no item schema of its own), a create's required members are never null, and the secret is always there.
/// </summary>
internal static class WebhookSchemas
{
    public const string EventType = nameof(CustomerEventType);

    /// <summary>
    /// The event type names as one schema every Events member refers to (one enum in a generated client); a create's
    /// required members without null; the secret always answered. Applied to the finished components.
    /// </summary>
    public static void Describe(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        schemas[EventType] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "A customer event a webhook can subscribe to.",
            Enum = [.. PartnerJson.WireNames(typeof(CustomerEventType)).Select(name => (JsonNode)JsonValue.Create(name))],
        };
        foreach (var name in new[] { nameof(NewWebhook), nameof(WebhookPatch), nameof(WebhookResponse), nameof(WebhookWithSecretResponse) })
        {
            if ((schemas.TryGetValue(name, out var found) ? found : null) is not OpenApiSchema { Properties: { } members } schema)
            {
                continue;
            }

            if (members.TryGetValue(nameof(WebhookResponse.Events), out var list) && list is OpenApiSchema events)
            {
                events.Items = new OpenApiSchemaReference(EventType, document);
                events.MinItems = 1;
                // An answer lists each type once; a request may repeat one (it subscribes once).
                events.UniqueItems = name is nameof(WebhookResponse) or nameof(WebhookWithSecretResponse);
            }

            if (name == nameof(NewWebhook))
            {
                // Null is refused like a missing member: the document says what a valid create sends.
                foreach (var required in schema.Required ?? new HashSet<string>())
                {
                    if (members[required] is OpenApiSchema { Type: { } declared } member)
                    {
                        member.Type = declared & ~JsonSchemaType.Null;
                    }
                }
            }

            if (name == nameof(WebhookPatch))
            {
                // A boolean or null (null returns it to false): one nullable type, not "null, or a nullable boolean".
                members[nameof(WebhookPatch.IncludePreviousAttributes)] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Boolean | JsonSchemaType.Null,
                    Description = "Whether updated, deleted and restored events carry diff.previousAttributes; null returns it to false.",
                };
            }

            if (name == nameof(WebhookWithSecretResponse))
            {
                members[nameof(WebhookWithSecretResponse.Secret)] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The key of the HMAC-SHA256 signatures (X-Alvys-Signature): the UTF-8 bytes of this whole string.",
                };
                schema.Required = new HashSet<string>(members.Keys);
            }
        }
    }
}
