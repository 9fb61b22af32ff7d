using Alvys.Customers.Api.Features;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Limits;
using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.OpenApi;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Api.Webhooks;
using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomers;
using Alvys.Customers.Infrastructure;
using Alvys.Customers.Infrastructure.Cosmos;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(RequestHeadLimits.ConfigureServer);
if (builder.Environment.IsDevelopment())
{
    DevelopmentSecrets.WatchUserSecrets(builder.Configuration, typeof(Program).Assembly);
}

#if DEBUG
// Development on a machine with no Cosmos endpoint configured: bring the bundled local server up first,
// so that `dotnet run --project src/Api` works with nothing else installed but .NET and Node. Debug builds
// only: the launcher is a development tool, and the production image is a Release build without it.
Alvys.Customers.LocalCosmos.LocalCosmosServer? localCosmos = null;
if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Cosmos:Endpoint"]))
{
    localCosmos = Alvys.Customers.LocalCosmos.LocalCosmosServer.Start();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Cosmos:Endpoint"] = localCosmos.Endpoint.AbsoluteUri,
        ["Cosmos:Key"] = CosmosOptions.EmulatorKey,
    });
}
#endif

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddCustomerApiSecurity(builder.Configuration)
    .AddCustomerApiProblems(builder.Configuration)
    .AddCustomerWritesSwitch(builder.Configuration)
    .AddPartnerRateLimits(builder.Configuration)
    .AddCustomerTelemetry(builder.Configuration)
    .AddCustomerWebhooks(builder.Configuration, builder.Environment);

// One OneValuePerQueryParameter for every request: a filter MVC must build per request (Filters.Add<T>) also makes it rebuild the
// action's whole filter list per request instead of caching it.
builder.Services.AddSingleton<OneValuePerQueryParameter>();
builder.Services.AddSingleton<WellFormedConditions>();
builder.Services.AddControllers(options =>
{
    options.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(OneValuePerQueryParameter)) { IsReusable = true });
    options.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(WellFormedConditions)) { IsReusable = true });
    // A patch's members are judged by the domain, not by data annotations; an absent member has no value to visit.
    options.ModelMetadataDetailsProviders.Add(new Microsoft.AspNetCore.Mvc.ModelBinding.SuppressChildValidationMetadataProvider(typeof(Alvys.Customers.Domain.Customers.CustomerPatch)));
    options.ModelMetadataDetailsProviders.Add(new Microsoft.AspNetCore.Mvc.ModelBinding.SuppressChildValidationMetadataProvider(typeof(Alvys.Customers.Application.Webhooks.WebhookPatch)));
}).AddJsonOptions(options => PartnerJson.Configure(options.JsonSerializerOptions));

builder.Services.AddSingleton(new UpsertBatchSettings(builder.Configuration.GetValue("Limits:BatchParallelism", UpsertBatchSettings.DefaultParallelism)));
builder.Services.AddHealthChecks()
    .AddCheck<CosmosReadinessCheck>("cosmos", tags: ["ready"], timeout: TimeSpan.FromSeconds(builder.Configuration.GetValue("Health:CosmosTimeoutSeconds", 5.0)));
builder.Services.AddOpenApi(CustomerApiDocument.Configure);
// The OpenAPI document describes bodies with these options: the same names and converters MVC reads and writes with.
builder.Services.ConfigureHttpJsonOptions(options => PartnerJson.Configure(options.SerializerOptions));

var app = builder.Build();
#if DEBUG
if (localCosmos is not null)
{
    app.Lifetime.ApplicationStopped.Register(localCosmos.Dispose);
}
#endif

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<CosmosRoundTripMetering>();
app.UseMiddleware<RequestHeadLimits>();
app.UseMiddleware<RequestBodyLimit>();
app.UseRequestTimeouts();
app.UseAuthentication();
// After authentication, so that limits key on the token's client and tenant.
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
// The reference page, rendered from the same document. Scalar serves its script from this host; everything of it
// that would call Scalar's own services is off (fonts.scalar.com, its telemetry, its hosted AI agent and MCP, its
// developer toolbar, the button that opens its hosted client; no proxy is configured), so the page works, "try it"
// included, with no internet access and sends a partner's browser nowhere but this API.
app.MapScalarApiReference("/docs", options => options
        .WithTitle("Alvys Customers Public API")
        .DisableDefaultFonts()
        .DisableTelemetry()
        .DisableAgent()
        .DisableMcp()
        .HideDeveloperTools()
        .HideClientButton()
        .ExpandAllTags())
    .AllowAnonymous();
app.MapControllers().RequireAuthorization(SecurityRegistration.TenantPolicy);

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the HTTP tests.</summary>
public partial class Program;
