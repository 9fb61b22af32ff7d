using System.Buffers;
using System.Text;
using System.Text.Json;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;

// The thinnest HTTP service over the API's Cosmos operations, with the API's own Cosmos client (same options, same
// request pipeline): the limit any HTTP API over these calls can reach on this machine. No authentication, no
// validation, no MVC, no model: Cosmos's response stream is copied to the HTTP response. It must stay this thin.
// Settings (environment): Cosmos__Endpoint, Cosmos__Key, BENCH_TENANT (reads and patches), BENCH_CREATE_TENANT (creates),
// BENCH_THIN_AUTH: unset = no authentication at all (the limit); "stock" = what a team would write instead of the API's
// security: a plain AddJwtBearer() on the same Authentication:Schemes:Bearer settings and a policy per scope that also
// wants a tenant claim; "ours" = the API's own authentication and authorization registration (AddCustomerApiSecurity,
// its validated-token memory included) — the cheapest secured endpoint this code allows.
namespace Alvys.Customers.Bench.Thin;

// An explicit entry point: the API's assembly (referenced for its security registration) has a Program of its own.
internal static class ThinEndpoint
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var auth = builder.Configuration["BENCH_THIN_AUTH"];
        string[] readPolicy = [], createPolicy = [], updatePolicy = [];
        if (auth == "stock")
        {
            builder.Services.AddAuthentication().AddJwtBearer();
            builder.Services.AddAuthorization(options =>
            {
                foreach (var scope in CustomerScopes.All)
                {
                    options.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                        context.User.HasClaim(claim => claim.Type == "tenant_id")
                        && context.User.Claims.Any(claim => claim.Type is "scope" or "scp" or "http://schemas.microsoft.com/identity/claims/scope"
                            && claim.Value.Split(' ').Contains(scope))));
                }
            });
            (readPolicy, createPolicy, updatePolicy) = ([CustomerScopes.Read], [CustomerScopes.Create], [CustomerScopes.Update]);
        }
        else if (auth == "ours")
        {
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddCustomerApiProblems(builder.Configuration);
            builder.Services.AddCustomerApiSecurity(builder.Configuration);
            // As the API maps its controllers: the tenant policy on every endpoint, the scope's on each.
            (readPolicy, createPolicy, updatePolicy) = (
                [CustomerScopes.Read, SecurityRegistration.TenantPolicy], [CustomerScopes.Create, SecurityRegistration.TenantPolicy], [CustomerScopes.Update, SecurityRegistration.TenantPolicy]);
        }

        var counter = new CosmosRequestCounter();
        var client = CosmosClientFactory.Create(
            new CosmosOptions { Endpoint = builder.Configuration["Cosmos:Endpoint"], Key = builder.Configuration["Cosmos:Key"] ?? CosmosOptions.EmulatorKey },
            counter);
        var container = client.GetContainer(builder.Configuration["Cosmos:Database"] ?? "alvys", builder.Configuration["Cosmos:Container"] ?? "customers");
        var readTenant = new PartitionKey(builder.Configuration["BENCH_TENANT"]);
        var createTenant = builder.Configuration["BENCH_CREATE_TENANT"]!;
        var createPartition = new PartitionKey(createTenant);

        var app = builder.Build();
        if (auth is "stock" or "ours")
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        static TBuilder Secured<TBuilder>(TBuilder route, string[] policies)
            where TBuilder : IEndpointConventionBuilder => policies.Length == 0 ? route : route.RequireAuthorization(policies);

        // GET: one point read.
        Secured(app.MapGet("/api/p/v1/customers/{id}", async (string id, HttpContext context) =>
        {
            using var read = await container.ReadItemStreamAsync(id, readTenant, cancellationToken: context.RequestAborted);
            await CopyAsync(read, context);
        }), readPolicy);

        // POST: one create. The body is stored as sent, behind the members the container needs (id, partition key,
        // unique keys, dates) spliced in front of it as text.
        Secured(app.MapPost("/api/p/v1/customers", async (HttpContext context) =>
        {
            var body = await ReadBodyAsync(context);
            var id = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var head = Encoding.UTF8.GetBytes(
                $"{{\"id\":\"{id}\",\"tenantId\":\"{createTenant}\",\"status\":\"Active\",\"dateCreated\":\"{now}\",\"dateModified\":\"{now}\"," +
                $"\"keys\":{{\"companyNumber\":\"none:{id}\",\"externalId\":\"none:{id}\",\"nameZip\":\"none:{id}\"}},");
            var document = new byte[head.Length + body.Length - 1];
            head.CopyTo(document, 0);
            body.AsSpan(1).CopyTo(document.AsSpan(head.Length));
            using var created = await container.CreateItemStreamAsync(new MemoryStream(document), createPartition, cancellationToken: context.RequestAborted);
            await CopyAsync(created, context);
        }), createPolicy);

        // PATCH: the API's read and conditional replace. The merge is a streaming copy of the stored document's members with
        // the patch's members written over them (names camel-cased as stored); no object model of either is built.
        Secured(app.MapPatch("/api/p/v1/customers/{id}", async (string id, HttpContext context) =>
        {
            var patch = await ReadBodyAsync(context);
            using var read = await container.ReadItemStreamAsync(id, readTenant, cancellationToken: context.RequestAborted);
            if (!read.IsSuccessStatusCode)
            {
                await CopyAsync(read, context);
                return;
            }

            var stored = new MemoryStream();
            await read.Content.CopyToAsync(stored, context.RequestAborted);
            using var replaced = await container.ReplaceItemStreamAsync(
                new MemoryStream(Merge(stored.GetBuffer().AsSpan(0, (int)stored.Length), patch)), id, readTenant,
                new ItemRequestOptions { IfMatchEtag = read.Headers.ETag }, context.RequestAborted);
            await CopyAsync(replaced, context);
        }), updatePolicy);

        app.Run();
    }


    static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    static async Task CopyAsync(ResponseMessage response, HttpContext context)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Headers.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag;
        }

        if (response.Content is { } content)
        {
            context.Response.ContentType = "application/json";
            await content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    static byte[] Merge(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> patch)
    {
        var patched = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(patch);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            patched.Add(StoredName(reader.GetString()!));
            reader.Read();
            reader.Skip();
        }

        var output = new ArrayBufferWriter<byte>(stored.Length + patch.Length);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            CopyMembers(stored, writer, name => !patched.Contains(name));
            CopyMembers(patch, writer, _ => true);
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    // Copies the members of a JSON object as raw text, names camel-cased, values untouched.
    static void CopyMembers(ReadOnlySpan<byte> json, Utf8JsonWriter writer, Func<string, bool> keep)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = StoredName(reader.GetString()!);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (keep(name))
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }
    }

    static string StoredName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
