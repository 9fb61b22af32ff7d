using Alvys.Customers.Api.Controllers;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Application.Customers.Queries.SearchCustomers;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Alvys.Customers.Api.OpenApi;

/// <summary>
/// Makes the generated OpenAPI document say what goes over the wire: concrete <c>/api/p/v1</c> paths, an operation id
/// and a summary per operation, the OAuth2 client-credentials scheme with the scope each operation needs, and the
/// errors and headers every operation can answer with. Property names come from the same JSON options the API
/// writes with (PascalCase).
/// </summary>
public static class CustomerApiDocument
{
    public const string SecuritySchemeName = "oauth2";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [nameof(CustomersController.GetById)] = "The customer with this id in the caller's tenant, with its ETag; 304 when If-None-Match names the current version.",
        [nameof(CustomersController.Find)] = "The customer with exactly one of id, CompanyNumber or ExternalId (CompanyNumber and ExternalId trimmed, case-insensitive) in the caller's tenant.",
        [nameof(CustomersController.Changes)] = "Customers written since the cursor (or from the beginning, or from now), oldest first, each once in its latest version, soft deletes included. Poll again with the answered Cursor until HasMore is false.",
        [nameof(CustomersController.Search)] = "A page of the caller's customers with the given statuses, oldest first; Total counts every match.",
        [nameof(CustomersController.Lookup)] = "1 to 100 customers by id, ExternalId or CompanyNumber (exactly one of the lists; ExternalIds and CompanyNumbers matched trimmed, case-insensitive) in one query, each key answered in request order: 200 with the customer and its ETag, or 404 (another tenant's id too). Costs one rate-limit token per started ten keys.",
        [nameof(CustomersController.Create)] = "Creates a customer. With an Idempotency-Key, a retry with the same body answers the first create's customer.",
        [nameof(CustomersController.Update)] = "RFC 7396 JSON Merge Patch over the writable fields, on condition of If-Match (428 without it, 412 when it is stale).",
        [nameof(CustomersController.Upsert)] = "Creates the customer with this ExternalId (201, customer:create) or merge-patches the one that has it (200, customer:update). If-Match is optional; without it no concurrent write is lost.",
        [nameof(CustomersController.UpsertBatch)] = "1 to 100 upserts by ExternalId, each answered on its own in request order. Costs one rate-limit token per started ten items.",
        [nameof(CustomersController.Delete)] = "Soft delete: the customer becomes Inactive and keeps its CompanyNumber reserved; answers the ETag of the Inactive version.",
        [nameof(WebhooksController.ListWebhooks)] = "Every webhook of the caller's tenant (at most 20), oldest first. Secrets are never shown here.",
        [nameof(WebhooksController.GetWebhook)] = "The webhook with this id in the caller's tenant, with its ETag.",
        [nameof(WebhooksController.CreateWebhook)] =
            "Subscribes an https endpoint to customer events. Answers the webhook with its Secret — the only answer besides a rotation that shows it. The webhook starts Pending: its endpoint is sent the verification challenge at once and becomes Active when it echoes it (a GET shows the outcome; verifying changes the ETag). A tenant holds at most 20 webhooks (409 WebhookLimitReached).",
        [nameof(WebhooksController.UpdateWebhook)] =
            "RFC 7396 JSON Merge Patch of Name, Url, Events, IncludePreviousAttributes and Status, on condition of If-Match (428 without it, 412 when it is stale). A new Url makes the webhook Pending and verifies it again; Status Active verifies again and re-enables; Status Disabled stops deliveries.",
        [nameof(WebhooksController.DeleteWebhook)] = "Deletes the webhook; deliveries to it stop. If-Match is honoured when sent (412 when it is stale).",
        [nameof(WebhooksController.RotateWebhookSecret)] =
            "A new signing Secret, answered once. For the next 24 hours every delivery is signed with both: v1 with the new secret, v0 with the previous one.",
        [nameof(WebhooksController.TestWebhook)] =
            "Sends a signed webhook.test event (data: {}, sequence 0) to the webhook's endpoint, delivered, retried and logged like any other but never counted towards auto-disable; answers the delivery.",
        [nameof(WebhooksController.ListWebhookDeliveries)] =
            "The webhook's deliveries, newest first: each event sent to it, every attempt with the endpoint's status, and when the next is due. Ask again with the answered Cursor while HasMore is true.",
        [nameof(WebhooksController.RedeliverWebhookDelivery)] =
            "Sends the delivery's event again as a new delivery (the same event id and body, signed afresh), due at once; answers the new delivery.",
    };

    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        [nameof(CustomersController.GetById)] = "Read a customer by id",
        [nameof(CustomersController.Find)] = "Read a customer by id, CompanyNumber or ExternalId",
        [nameof(CustomersController.Changes)] = "Poll the changes feed",
        [nameof(CustomersController.Search)] = "Search customers",
        [nameof(CustomersController.Lookup)] = "Look up to 100 customers by id, ExternalId or CompanyNumber",
        [nameof(CustomersController.Create)] = "Create a customer",
        [nameof(CustomersController.Update)] = "Merge-patch a customer",
        [nameof(CustomersController.Upsert)] = "Create or merge-patch a customer by ExternalId",
        [nameof(CustomersController.UpsertBatch)] = "Upsert up to 100 customers by ExternalId",
        [nameof(CustomersController.Delete)] = "Soft-delete a customer",
        [nameof(WebhooksController.ListWebhooks)] = "List webhooks",
        [nameof(WebhooksController.GetWebhook)] = "Read a webhook",
        [nameof(WebhooksController.CreateWebhook)] = "Create a webhook",
        [nameof(WebhooksController.UpdateWebhook)] = "Merge-patch a webhook",
        [nameof(WebhooksController.DeleteWebhook)] = "Delete a webhook",
        [nameof(WebhooksController.RotateWebhookSecret)] = "Rotate a webhook's signing secret",
        [nameof(WebhooksController.TestWebhook)] = "Send a test event",
        [nameof(WebhooksController.ListWebhookDeliveries)] = "List a webhook's deliveries",
        [nameof(WebhooksController.RedeliverWebhookDelivery)] = "Redeliver an event",
    };

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Customers"] = "Customer records of your tenant: read, search, create, merge-patch, soft-delete, the changes feed and upserts by ExternalId.",
        ["Webhooks"] = "Subscriptions that push your tenant's customer events to your https endpoint, signed with HMAC-SHA256 (X-Alvys-Signature).",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(DescribeSchema);
        options.AddDocumentTransformer(async (document, context, cancellationToken) =>
        {
            var (tokenUrl, tokenNote) = await TokenEndpoint.ResolveAsync(context.ApplicationServices, cancellationToken);
            document.Info = new OpenApiInfo
            {
                Title = "Alvys Customers API",
                Version = "v1",
                Contact = new OpenApiContact { Name = "Alvys partner integrations", Url = new Uri("https://alvys.com") },
                License = new OpenApiLicense { Name = "Proprietary: use under the Alvys partner agreement", Url = new Uri("https://alvys.com") },
                Description = ReferenceGuide.Introduction,
            };
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? string.Empty);
            }

            var paths = new OpenApiPaths();
            foreach (var (path, item) in document.Paths)
            {
                paths[path.Replace("/v{version}/", "/v1/", StringComparison.Ordinal)] = item;
            }

            document.Paths = paths;
            DescribeNewCustomer(document);
            DescribeProblems(document);
            ReferenceGuide.DescribeCustomerField(document);
            WebhookSchemas.Describe(document);
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "A bearer token from the OAuth2 client-credentials flow, with the scopes of the operations called and a tenant_id claim." + tokenNote,
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = tokenUrl,
                        Scopes = new Dictionary<string, string>
                        {
                            [CustomerScopes.Read] = "Read, search and poll customers",
                            [CustomerScopes.Create] = "Create customers",
                            [CustomerScopes.Update] = "Change and restore customers",
                            [CustomerScopes.Delete] = "Soft-delete customers",
                            [WebhookScopes.Read] = "Read webhook subscriptions",
                            [WebhookScopes.Manage] = "Create, change, delete and rotate webhook subscriptions",
                        },
                    },
                },
            };
        });

        // Type and Status take fixed names: say which.
        options.AddSchemaTransformer((schema, context, cancellationToken) =>
        {
            // The criteria are nullable in code so that a missing one is answered as a 400 naming it; the document says
            // what a valid search is, by the names the published search request spells them with (read in any letter case).
            if (context.JsonTypeInfo.Type == typeof(SearchCustomersCriteria) && schema.Properties is { } criteria)
            {
                schema.Description = "Search criteria: page, pageSize and statuses are required; member names are read in any letter case.";
                schema.Required = new HashSet<string> { "page", "pageSize", "statuses" };
                DescribeInteger(criteria["page"], "Zero-based page number.", minimum: "0");
                DescribeInteger(criteria["pageSize"], "Customers per page.", minimum: "1", maximum: SearchCustomersCriteria.MaxPageSize.ToString(CultureInfo.InvariantCulture));
                if (criteria["statuses"] is OpenApiSchema statuses)
                {
                    statuses.Type = JsonSchemaType.Array;
                    statuses.MinItems = 1;
                    statuses.Description = "The statuses to include: one or more of Active, Inactive.";
                }

                // The orders a search offers, as they are usually written (read in any letter case, "asc" allowed).
                if (criteria["sort"] is OpenApiSchema sort)
                {
                    sort.Enum = [.. SearchCustomersCriteria.SortFields.SelectMany(field => new[] { field, field + " desc" }).Select(value => (JsonNode)JsonValue.Create(value))];
                }
            }

            // A read's fields parameter may leave any member out but the two that say whose version the rest is.
            if (context.JsonTypeInfo.Type == typeof(CustomerResponse))
            {
                schema.Required = new HashSet<string>(FieldSelection.Always);
                schema.Description = "A customer as read. Every member is present, except those a read's fields parameter leaves out; Id and ETag always are.";
            }

            // Either bound of a date range may be left out.
            if (context.JsonTypeInfo.Type == typeof(CreatedDateRange))
            {
                schema.Required = null;
            }

            // Dates are written by a converter of our own (fixed precision), and a custom converter leaves the schema
            // with a format but no type: a generated client then reads a date as an untyped object. They are strings.
            if (Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is var underlying && (underlying ?? context.JsonTypeInfo.Type) == typeof(DateTimeOffset))
            {
                schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = "date-time";
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, cancellationToken) =>
        {
            var action = (context.Description.ActionDescriptor as ControllerActionDescriptor)?.ActionName;
            var method = context.Description.HttpMethod ?? "GET";
            if (action is not null)
            {
                operation.OperationId = method == "HEAD" ? action + "Head" : action;
                operation.Summary = Summaries.GetValueOrDefault(action) is { } summary ? (method == "HEAD" ? summary + " (headers only)" : summary) : null;
                operation.Description = Descriptions.GetValueOrDefault(action) is { } description
                    ? (method == "HEAD" ? description + " HEAD answers the same status and headers, without a body." : description)
                    : null;
                // The scope shown where the operation is read, not only in its security requirement.
                var scope = ReferenceGuide.ScopeSentence(ScopesOf(context.Description.ActionDescriptor.EndpointMetadata));
                operation.Description = operation.Description is null ? scope : operation.Description + "\n\n" + scope;
            }

            operation.Parameters?.Remove(operation.Parameters.FirstOrDefault(p => p.Name == "version")!);
            if (context.Document is not { } document)
            {
                return Task.CompletedTask;
            }

            // Alternatives: an upsert needs the scope of the write it turns out to be, so either one will do.
            operation.Security = ScopesOf(context.Description.ActionDescriptor.EndpointMetadata)
                .Select(scopes => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = scopes })
                .ToList();

            operation.Responses ??= new OpenApiResponses();
            foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
            {
                // The API answers JSON only: no text/plain or text/json representations exist.
                response.Content?.Remove("text/plain");
                response.Content?.Remove("text/json");
            }

            DescribeCommonAnswers(operation, document, method, action);
            DescribeRequestBody(operation, context.Description.ActionDescriptor.EndpointMetadata, document, action);
            if (IsWebhookAction(action) && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p is { In: ParameterLocation.Path, Name: "id" }) is { } webhookId)
            {
                webhookId.Description = "The webhook's id: 32 lowercase hexadecimal characters, as answered by its create.";
            }

            if (action == nameof(WebhooksController.ListWebhookDeliveries))
            {
                DescribeDeliveryLogParameters(operation);
            }

            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p is { In: ParameterLocation.Path, Name: "deliveryId" }) is { } deliveryId)
            {
                deliveryId.Description = "The delivery's Id, as the delivery log answers it.";
            }

            ReferenceGuide.DescribeParameters(operation, document);
            ReferenceGuide.AddExamples(operation);
            return Task.CompletedTask;
        });
    }

    /// <summary>The delivery log's paging: its own bounds, not the changes feed's.</summary>
    private static void DescribeDeliveryLogParameters(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter is { In: ParameterLocation.Query, Name: "cursor" })
            {
                parameter.Description = "The Cursor of the previous page, as it was answered: the log goes on from there, towards older deliveries.";
            }
            else if (parameter is { In: ParameterLocation.Query, Name: "pageSize", Schema: OpenApiSchema schema })
            {
                parameter.Description = $"Deliveries per page, 1 to {ListWebhookDeliveries.MaxPageSize}; {ListWebhookDeliveries.DefaultPageSize} when left out.";
                schema.Minimum = "1";
                schema.Maximum = ListWebhookDeliveries.MaxPageSize.ToString(CultureInfo.InvariantCulture);
                schema.Default = System.Text.Json.Nodes.JsonValue.Create(ListWebhookDeliveries.DefaultPageSize);
            }
        }
    }

    /// <summary>
    /// A body is required and taken in exactly the media types the action accepts (MVC would list any JSON type); the
    /// model is the one bound, even where the parameter is nullable so that the action can report a body it could not
    /// read. A create names the two members it needs.
    /// </summary>
    private static void DescribeRequestBody(OpenApiOperation operation, IList<object> metadata, OpenApiDocument document, string? action)
    {
        if (metadata.OfType<ExactMediaTypesAttribute>().FirstOrDefault() is not { } accepted
            || operation.RequestBody is not OpenApiRequestBody body
            || body.Content?.Values.FirstOrDefault()?.Schema is not { } bound)
        {
            return;
        }

        var model = bound is OpenApiSchema { OneOf: [{ Type: JsonSchemaType.Null }, var notNull] } ? notNull : bound;
        if (action == nameof(CustomersController.Create))
        {
            model = new OpenApiSchemaReference(NewCustomer, document);
        }

        body.Required = true;
        body.Content = accepted.MediaTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = model });
    }

    private const string NewCustomer = "NewCustomer";

    /// <summary>
    /// The problem members every problem carries (ProblemWriter fills them, for the framework's own problems too) are
    /// required, and the extension members the API adds are declared: <c>traceId</c> on every problem, and on a 409 of a
    /// unique value <c>conflictingField</c> and <c>existingCustomerId</c>.
    /// </summary>
    private static void DescribeProblems(OpenApiDocument document)
    {
        foreach (var name in new[] { "ProblemDetails", "ValidationProblemDetails" })
        {
            if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(name, out var schema) || schema is not OpenApiSchema { Properties: { } members } problem)
            {
                continue;
            }

            members["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request: quote it when reporting a problem." };
            members["conflictingField"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                // The id an Idempotency-Key gives is never answered as a duplicate: a retry replays, another request is a 422.
                Enum = new[] { UniqueField.CompanyNumber, UniqueField.ExternalId, UniqueField.NameAndBillingZip }.Select(field => (JsonNode)JsonValue.Create(field.ToString())).ToList(),
                Description = "On a 409 of a unique value: which value another customer of the tenant holds.",
            };
            members["existingCustomerId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "On a 409 of a unique value: the id of the customer that holds it." };
            // A batch item's problem is written as a ProblemDetails: a 400 of it carries its errors too.
            members["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                Description = "On a 400: what is wrong, by member (its wire name) or by header or query parameter.",
            };
            problem.Required = new HashSet<string> { "type", "title", "status", "detail", "traceId" };
        }
    }

    /// <summary>
    /// The body of a create: the writable fields, of which Name and Type must be sent and not be null. A schema of its
    /// own (not "all of the patch, plus a required list", which client generators fold back into the patch), so that a
    /// generated client types a new customer's Name and Type as required.
    /// </summary>
    private static void DescribeNewCustomer(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas || schemas[nameof(CustomerPatch)] is not OpenApiSchema { Properties: { } members } patch)
        {
            return;
        }

        var properties = new Dictionary<string, IOpenApiSchema>(members);
        properties[nameof(CustomerPatch.Name)] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "At most 200 characters, as a reader counts them." };
        properties[nameof(CustomerPatch.Type)] = new OpenApiSchemaReference(nameof(CustomerType), document);
        // Statuses are CustomerStatus names (read as strings, so that a wrong one is reported by the search's own rules).
        if (schemas[nameof(SearchCustomersCriteria)] is OpenApiSchema { Properties: { } criteria } && criteria["statuses"] is OpenApiSchema statuses)
        {
            statuses.Items = new OpenApiSchemaReference(nameof(CustomerStatus), document);
        }

        schemas[NewCustomer] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A new customer: the writable fields, of which Name and Type are required. Member names are read in any letter case.",
            Properties = properties,
            Required = new HashSet<string> { nameof(CustomerPatch.Name), nameof(CustomerPatch.Type) },
        };
    }

    /// <summary>
    /// Enumerations are read and written by their wire names by a converter of ours (PartnerJson), which the generator
    /// cannot see into: they are strings, and these are the names. A merge-patch member that holds a model or an enumeration may also be null (null removes it, or restores
    /// the Status), which the generator drops when it makes the member a reference: it is said as "null or the model".
    /// </summary>
    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type) is { IsEnum: true } enumType)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = PartnerJson.WireNames(enumType).Select(name => (JsonNode)JsonValue.Create(name)).ToList();
        }

        ReferenceGuide.DescribeItemStatus(schema, context.JsonTypeInfo.Type);

        // Each list holds 1 to 100 strings; the request gives exactly one of them.
        if (context.JsonTypeInfo.Type == typeof(LookupRequest) && schema.Properties is { } lists)
        {
            foreach (var list in lists.Values.OfType<OpenApiSchema>())
            {
                list.Type = JsonSchemaType.Array | JsonSchemaType.Null;
                list.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                list.MinItems = 1;
                list.MaxItems = LookupRequest.MaxKeys;
            }
        }

        if (context.JsonPropertyInfo is null && schema.Properties is { } properties)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider is PropertyInfo member
                    && OptionalMembers.ValueTypeOf(member.PropertyType) is { } valueType && valueType != typeof(string) && !valueType.IsArray
                    && properties.TryGetValue(property.Name, out var model))
                {
                    properties[property.Name] = new OpenApiSchema
                    {
                        OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, model],
                        Description = member.GetCustomAttribute<DescriptionAttribute>()?.Description,
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>An int32 member as it is written: a number (not also a numeric string), with its bounds.</summary>
    private static void DescribeInteger(IOpenApiSchema member, string description, string minimum, string? maximum = null)
    {
        if (member is OpenApiSchema schema)
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Pattern = null;
            schema.Format = "int32";
            schema.Description = description;
            schema.Minimum = minimum;
            schema.Maximum = maximum;
        }
    }

    /// <summary>The scope sets that satisfy an action's policy, each an alternative; an upsert needs create or update.</summary>
    private static List<List<string>> ScopesOf(IEnumerable<object> metadata)
    {
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
        return policies.Contains(SecurityRegistration.TenantPolicy)
            ? [[CustomerScopes.Create], [CustomerScopes.Update]]
            : policies.Where(CustomerScopes.Every.Contains).Select(scope => new List<string> { scope }).ToList();
    }

    /// <summary>The answers every operation can give (401, 403, 429, 503) and the headers that go with them and with success.</summary>
    private static void DescribeCommonAnswers(OpenApiOperation operation, OpenApiDocument document, string method, string? action)
    {
        var responses = operation.Responses!;
        var retryAfter = Header("Seconds to wait before trying again.", "integer");
        Problem(responses, document, "401", "No valid bearer token (WWW-Authenticate: Bearer).");
        Problem(responses, document, "403", "The token lacks the operation's scope or a tenant.");
        Problem(responses, document, "429", "A published rate limit was reached.", new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = retryAfter,
            ["RateLimit"] = Header("The bucket that ran dry (r=0) and in how many seconds it refills.", "string"),
        });
        Problem(responses, document, "503", "The store is not answering in time, or writes are switched off.", new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = retryAfter });
        Problem(responses, document, "400", "The request is not valid (a query parameter given twice, among others); see errors.");
        Problem(responses, document, "414", "The request's path and query exceed 8 KiB.");
        Problem(responses, document, "431", "The request's headers exceed 32 KiB in all.");
        if (method is "POST" or "PATCH")
        {
            Problem(responses, document, "413", "The body exceeds 64 KiB.");
            Problem(responses, document, "415", "The body's media type is not one the operation takes.");
        }

        if (action == nameof(CustomersController.Create))
        {
            Problem(responses, document, "422", "The Idempotency-Key was used for a different request.");
        }

        foreach (var response in responses.Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("RateLimit-Policy", Header("The limits in force: per client and per tenant, per second.", "string"));
            response.Headers.TryAdd("RateLimit", Header("The bucket closest to empty: r permits remaining, t seconds until it refills.", "string"));
        }

        foreach (var (status, response) in responses)
        {
            if (response is OpenApiResponse { } success && status is "200" or "201" or "204" or "304"
                && action is not (nameof(CustomersController.Search) or nameof(CustomersController.Changes) or nameof(CustomersController.UpsertBatch) or nameof(CustomersController.Lookup)
                    or nameof(WebhooksController.ListWebhooks) or nameof(WebhooksController.DeleteWebhook) or nameof(WebhooksController.ListWebhookDeliveries)))
            {
                var resource = IsWebhookAction(action) ? "webhook" : "customer";
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers["ETag"] = Header($"The strong entity tag of the {resource}'s version; send it back in If-Match.", "string", required: true);
                if (status == "201")
                {
                    success.Headers["Location"] = Header($"The created {resource}'s URL.", "string", required: true);
                }

                if (status == "201" && action == nameof(CustomersController.Create))
                {
                    success.Headers["Idempotent-Replayed"] = Header("true when a retry with the same Idempotency-Key was answered with the first create's customer.", "string");
                }
            }
        }

        operation.Parameters ??= [];
        // PATCH /{id} and DELETE answer 428 without If-Match: the document makes it required there, so a generated client asks for it.
        if (action is nameof(CustomersController.Update) or nameof(CustomersController.Delete) or nameof(WebhooksController.UpdateWebhook))
        {
            operation.Parameters.Add(HeaderParameter("If-Match", "The ETag of the version the change is based on, a list of them, or *: 428 without it, 412 when it is stale, 400 when it is no entity-tag list.", required: true));
        }

        if (action == nameof(WebhooksController.DeleteWebhook))
        {
            operation.Parameters.Add(HeaderParameter("If-Match", "The ETag of the version to delete, a list of them, or *: 412 when it is stale, 400 when it is no entity-tag list. Without it the webhook is deleted whatever its version.", required: false));
        }

        if (action == nameof(CustomersController.Upsert))
        {
            operation.Parameters.Add(HeaderParameter("If-Match", "The ETag of the version the change is based on, a list of them, or *: 412 when it is stale, 400 when it is no entity-tag list.", required: false));
        }

        if (action is nameof(CustomersController.GetById) or nameof(CustomersController.Find))
        {
            operation.Parameters.Add(HeaderParameter("If-None-Match", "An ETag held: 304 when it is still the current version, 400 when it is no entity-tag list.", required: false));
        }

        if (action == nameof(CustomersController.Upsert))
        {
            operation.Parameters.Add(HeaderParameter("If-None-Match", "* to create only (412 when the customer exists).", required: false));
        }

        if (action == nameof(CustomersController.Create))
        {
            operation.Parameters.Add(HeaderParameter("Idempotency-Key", "1 to 255 visible ASCII characters; a retry with the same key and body answers the first create's customer.", required: false));
        }
    }

    private static bool IsWebhookAction(string? action) => action is not null && typeof(WebhooksController).GetMethod(action) is not null;

    private static void Problem(OpenApiResponses responses, OpenApiDocument document, string status, string description, Dictionary<string, IOpenApiHeader>? headers = null)
    {
        if (responses.ContainsKey(status))
        {
            return;
        }

        responses[status] = new OpenApiResponse
        {
            Description = description,
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
    }

    private static OpenApiHeader Header(string description, string type, bool required = false) =>
        new() { Description = description, Required = required, Schema = new OpenApiSchema { Type = type == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String } };

    private static OpenApiParameter HeaderParameter(string name, string description, bool required) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Required = required, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
