using System.Net;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

public static class CosmosClientFactory
{
    /// <summary>The SDK's OpenTelemetry activity source: one span per Cosmos operation, under the request's span.</summary>
    public const string ActivitySourceName = "Azure.Cosmos.Operation";

    public static CosmosClient Create(CosmosOptions options, CosmosRequestCounter counter)
    {
        var endpoint = EndpointOf(options);
        // The SDK creates its activity source only when this switch is on (Azure SDKs still call it experimental).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        // Unless told not to, the SDK asks the Azure instance-metadata address (169.254.169.254) about the VM it runs
        // on, for its diagnostics. Nothing here needs that, and off Azure it is a request to a host that is not ours.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var clientOptions = BuildOptions(options, endpoint, counter);
        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint.AbsoluteUri, CreateCredential(options), clientOptions)
            : new CosmosClient(endpoint.AbsoluteUri, options.Key, clientOptions);
    }

    internal static Uri EndpointOf(CosmosOptions options) =>
        !string.IsNullOrWhiteSpace(options.Endpoint) && Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException("Cosmos:Endpoint must be an absolute URI of a Cosmos DB account.");

    internal static CosmosClientOptions BuildOptions(CosmosOptions options, Uri endpoint, CosmosRequestCounter counter)
    {
        var isLoopback = endpoint.IsLoopback;
        return new CosmosClientOptions
        {
            ApplicationName = "alvys-customers",
            ConnectionMode = ConnectionModeFor(options, endpoint),
            // A local endpoint advertises no reachable regions; a real account keeps region discovery.
            LimitToEndpoint = isLoopback,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            // Metadata and (in Gateway mode) every data request travel over this client; in Direct mode data goes over TCP.
            HttpClientFactory = () => new HttpClient(CreateHandler(counter, endpoint), disposeHandler: true),
            // Every logical operation passes the SDK's request pipeline, whatever the transport.
            CustomHandlers = { new CosmosRequestCounter.Operations(counter) },
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false },
            // A retry budget chosen on purpose: a throttled or silent database turns into a prompt 503, not a hang.
            RequestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxThrottleRetries,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(options.MaxThrottleWaitSeconds),
        };
    }

    /// <summary>
    /// Direct mode against a real account (TCP to the replicas: Microsoft's guidance for latency and throughput);
    /// Gateway for an endpoint on this machine, whose local servers speak HTTP only. <c>Cosmos:ConnectionMode</c> overrides.
    /// </summary>
    internal static ConnectionMode ConnectionModeFor(CosmosOptions options, Uri endpoint) =>
        options.ConnectionMode ?? (endpoint.IsLoopback ? ConnectionMode.Gateway : ConnectionMode.Direct);

    private static DefaultAzureCredential CreateCredential(CosmosOptions options) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });

    private static HttpMessageHandler CreateHandler(CosmosRequestCounter counter, Uri endpoint)
    {
        var isLoopback = endpoint.IsLoopback;
        var transport = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };

        if (isLoopback)
        {
            // The emulator and local servers present self-signed certificates. Leniency is granted only
            // for an endpoint on this machine; a remote account is always verified.
            transport.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        // The plan counter sits under the plan cache: a plan answered from memory is no request to Cosmos.
        HttpMessageHandler pipeline = new CosmosRequestCounter.PlanRequests(counter) { InnerHandler = transport };
        // A client of an endpoint on this machine talks to that endpoint and nothing else.
        pipeline = isLoopback ? new OnlyTo(endpoint) { InnerHandler = pipeline } : pipeline;
        return new QueryPlanCache { InnerHandler = pipeline };
    }

    /// <summary>Refuses, without sending it, any request to a host other than the endpoint's.</summary>
    internal sealed class OnlyTo(Uri endpoint) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri is { } target && (target.Host != endpoint.Host || target.Port != endpoint.Port)
                ? throw new HttpRequestException($"Refused a request to {target.Host}:{target.Port}: this client may only reach {endpoint.Host}:{endpoint.Port}.")
                : base.SendAsync(request, cancellationToken);
    }
}
