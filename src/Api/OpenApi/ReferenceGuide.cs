using System.Globalization;
using System.Text.Json.Nodes;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Application.Customers.Queries.GetCustomerChanges;
using Microsoft.OpenApi;

namespace Alvys.Customers.Api.OpenApi;

/// <summary>
/// What the reference page teaches beyond the shapes: the introduction (Introduction.md: tokens, tenant, versions, rate
/// limits, ETags, the sync loop, idempotency), each operation's scope, a description of every parameter, and
/// hand-written examples of every request body and main response (Examples.json, keyed by operation id and status;
/// ReferenceGuideTests sends each request example to the API and holds each response example to its schema).
/// Written as files of their own so that they read as the partner reads them, not as C# strings.
/// </summary>
internal static class ReferenceGuide
{
    public static string Introduction { get; } = Resource("Introduction.md");

    private static readonly JsonObject Examples = JsonNode.Parse(Resource("Examples.json"))!.AsObject();

    /// <summary>The examples of the operation's request body (in every media type it takes) and of its responses.</summary>
    public static void AddExamples(OpenApiOperation operation)
    {
        // An operation that answers what another one does names it instead ("Find": "GetById").
        var entry = operation.OperationId is { } id ? Examples[id] : null;
        if ((entry is JsonValue alias ? Examples[alias.GetValue<string>()] : entry) is not JsonObject examples)
        {
            return;
        }

        if (examples["request"] is { } request && operation.RequestBody is OpenApiRequestBody { Content: { } bodies })
        {
            foreach (var media in bodies.Values)
            {
                media.Example = request.DeepClone();
            }
        }

        foreach (var (status, example) in examples["responses"]?.AsObject() ?? [])
        {
            if (operation.Responses?.GetValueOrDefault(status) is OpenApiResponse { Content: { } contents })
            {
                foreach (var media in contents.Values)
                {
                    media.Example = example!.DeepClone();
                }
            }
        }
    }

    /// <summary>The sentence that names the scopes an operation needs, shown with its description.</summary>
    public static string ScopeSentence(IReadOnlyList<List<string>> alternatives) => alternatives switch
    {
        [] => string.Empty,
        [[var only]] => $"Scope: `{only}`.",
        _ => $"Scope: {string.Join(" or ", alternatives.Select(set => $"`{string.Join(' ', set)}`"))} — `{CustomerScopes.Create}` when it creates, `{CustomerScopes.Update}` when it changes.",
    };

    /// <summary>Every query and path parameter described, the closed ones with their values and bounds.</summary>
    public static void DescribeParameters(OpenApiOperation operation, OpenApiDocument document)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var description = (parameter.In, parameter.Name) switch
            {
                (ParameterLocation.Path, "id") => "The customer's id: 32 lowercase hexadecimal characters, as answered by a create.",
                (ParameterLocation.Path, "externalId") => "Your system's id of the customer (at most 100 characters, percent-encoded: %2F is a /), matched trimmed and in any letter case.",
                (ParameterLocation.Query, "id") => "The customer's id. Give exactly one of id, companyNumber and externalId.",
                (ParameterLocation.Query, "companyNumber") => "The customer's CompanyNumber, matched trimmed and in any letter case. Give exactly one of id, companyNumber and externalId.",
                (ParameterLocation.Query, "externalId") => "Your system's id of the customer, matched trimmed and in any letter case. Give exactly one of id, companyNumber and externalId.",
                (ParameterLocation.Query, "cursor") => "The Cursor of the previous answer, as it was answered: the feed goes on from there. Not with from.",
                (ParameterLocation.Query, "from") => "now: start at the present (no items, a cursor to poll with). Without cursor and from, the feed starts at the beginning of the tenant's history.",
                (ParameterLocation.Query, "fields") =>
                    "The members to answer each customer with, comma-separated and read in any letter case (Id and ETag are always answered); every member when left out. A name that is no member is a 400 listing the names there are.",
                (ParameterLocation.Query, "pageSize") => $"Customers per page, 1 to {GetCustomerChanges.MaxPageSize}; {GetCustomerChanges.DefaultPageSize} when left out.",
                _ => parameter.Description,
            };
            parameter.Description ??= description;
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (parameter is { In: ParameterLocation.Query, Name: "from" })
            {
                schema.Enum = [JsonValue.Create("now")];
            }

            // A list written as one comma-separated value (style form, not exploded): fields=Name,Phone.
            if (parameter is { In: ParameterLocation.Query, Name: "fields" })
            {
                parameter.Style = ParameterStyle.Form;
                parameter.Explode = false;
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MinItems = 1,
                    Items = new OpenApiSchemaReference(CustomerField, document),
                };
                continue;
            }

            if (parameter is { In: ParameterLocation.Query, Name: "pageSize" } && schema.Maximum is null)
            {
                schema.Minimum = "1";
                schema.Maximum = Bound(GetCustomerChanges.MaxPageSize);
                schema.Default = JsonValue.Create(GetCustomerChanges.DefaultPageSize);
            }
        }
    }

    private const string CustomerField = "CustomerField";

    /// <summary>The names a <c>fields</c> parameter takes, one schema that every read's parameter refers to (one enum in a generated client).</summary>
    public static void DescribeCustomerField(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[CustomerField] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "A member of a customer as read, by its name in CustomerResponse.",
            Enum = [.. FieldSelection.Names.Select(name => (JsonNode)JsonValue.Create(name))],
        };
    }

    /// <summary>
    /// The per-item <c>Status</c> of an answer that reports each item on its own, as a closed set: a batch item's is the
    /// status the single upsert of it would have answered, a lookup key's 200 or 404.
    /// </summary>
    public static void DescribeItemStatus(OpenApiSchema schema, Type itemType)
    {
        if (ItemStatuses.TryGetValue(itemType, out var closed) && schema.Properties?.TryGetValue("Status", out var member) == true && member is OpenApiSchema status)
        {
            status.Enum = [.. closed.Statuses.Select(code => (JsonNode)JsonValue.Create(code))];
            status.Description = closed.Description;
        }
    }

    private static readonly Dictionary<Type, (int[] Statuses, string Description)> ItemStatuses = new()
    {
        [typeof(BatchItemResult)] = (
            [StatusCodes.Status200OK, StatusCodes.Status201Created, StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict],
            "The status the single upsert of this item would have answered."),
        [typeof(LookupItem)] = (
            [StatusCodes.Status200OK, StatusCodes.Status404NotFound],
            "200: the customer is in Customer; 404: no customer of your tenant has this key (Customer is null)."),
    };

    private static string Resource(string name)
    {
        using var stream = typeof(ReferenceGuide).Assembly.GetManifestResourceStream($"Alvys.Customers.Api.OpenApi.{name}")
            ?? throw new InvalidOperationException($"The embedded resource OpenApi/{name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>An invariant integer, as the document's bounds are written.</summary>
    private static string Bound(int value) => value.ToString(CultureInfo.InvariantCulture);
}
