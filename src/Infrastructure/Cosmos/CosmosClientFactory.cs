using System.Net;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

public static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options, CosmosRequestCounter counter)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint) || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException("Cosmos:Endpoint must be an absolute URI of a Cosmos DB account.");
        }

        var isLoopback = endpoint.IsLoopback;
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "alvys-customers",
            // Gateway mode: one HTTPS connection pool that works from any network, and every request
            // passes the handler below, so round trips are counted.
            ConnectionMode = ConnectionMode.Gateway,
            // A local endpoint advertises no reachable regions; a real account keeps region discovery.
            LimitToEndpoint = isLoopback,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            HttpClientFactory = () => new HttpClient(CreateHandler(counter, isLoopback), disposeHandler: true),
            // A retry budget chosen on purpose: a throttled or silent database turns into a prompt 503, not a hang.
            RequestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxThrottleRetries,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(options.MaxThrottleWaitSeconds),
        };

        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint.AbsoluteUri, CreateCredential(options), clientOptions)
            : new CosmosClient(endpoint.AbsoluteUri, options.Key, clientOptions);
    }

    private static DefaultAzureCredential CreateCredential(CosmosOptions options) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });

    private static HttpMessageHandler CreateHandler(CosmosRequestCounter counter, bool isLoopback)
    {
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

        // The counter sits outside the plan cache: a plan answered from memory is no request to Cosmos.
        return new QueryPlanCache { InnerHandler = new CosmosRequestCounter.Handler(counter) { InnerHandler = transport } };
    }
}
