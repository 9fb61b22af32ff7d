using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace Alvys.Customers.UnitTests.Infrastructure;

/// <summary>
/// The Cosmos client's options for a real account and for a local endpoint. Only the options are built: no
/// client connects, and no credential is asked for a token.
/// </summary>
public sealed class CosmosClientOptionsTests
{
    private static CosmosClientOptions OptionsFor(string endpoint, ConnectionMode? configured = null)
    {
        var options = new CosmosOptions { Endpoint = endpoint, ConnectionMode = configured };
        return CosmosClientFactory.BuildOptions(options, CosmosClientFactory.EndpointOf(options), new CosmosRequestCounter());
    }

    [Theory]
    [InlineData("https://alvys-prod.documents.azure.com:443/", ConnectionMode.Direct)]
    [InlineData("https://127.0.0.1:8081/", ConnectionMode.Gateway)]
    [InlineData("http://localhost:8081/", ConnectionMode.Gateway)]
    public void ConnectionMode_IsDirectForARealAccount_GatewayOnThisMachine(string endpoint, ConnectionMode expected) =>
        Assert.Equal(expected, OptionsFor(endpoint).ConnectionMode);

    [Theory]
    [InlineData("https://alvys-prod.documents.azure.com:443/", ConnectionMode.Gateway)]
    [InlineData("https://127.0.0.1:8081/", ConnectionMode.Direct)]
    public void ConnectionMode_CanBeConfigured(string endpoint, ConnectionMode configured) =>
        Assert.Equal(configured, OptionsFor(endpoint, configured).ConnectionMode);

    [Theory]
    [InlineData("https://alvys-prod.documents.azure.com:443/")]
    [InlineData("https://127.0.0.1:8081/")]
    public void RoundTrips_AreCountedInTheSdkPipeline_InEitherMode(string endpoint)
    {
        var options = OptionsFor(endpoint);

        Assert.Single(options.CustomHandlers.OfType<CosmosRequestCounter.Operations>());
        Assert.False(options.CosmosClientTelemetryOptions.DisableDistributedTracing);
    }

    [Fact]
    public void ConnectionMode_BindsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cosmos:ConnectionMode"] = "Gateway" })
            .Build();
        var options = new CosmosOptions();
        configuration.GetSection(CosmosOptions.SectionName).Bind(options);

        Assert.Equal(ConnectionMode.Gateway, options.ConnectionMode);
    }

    [Fact]
    public async Task AClientOfALocalEndpoint_ReachesThatEndpointOnly()
    {
        var endpoint = new Uri("http://127.0.0.1:8081/");
        using var invoker = new HttpMessageInvoker(new CosmosClientFactory.OnlyTo(endpoint) { InnerHandler = new Answering() });

        var local = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8081/dbs"), CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, local.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://169.254.169.254/metadata/instance?api-version=2020-06-01"), CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9999/dbs"), CancellationToken.None));
    }

    [Fact]
    public void CreatingAClient_TurnsTheSdksInstanceMetadataProbeOff()
    {
        using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = "http://127.0.0.1:8081/", Key = CosmosOptions.EmulatorKey }, new CosmosRequestCounter());

        Assert.Equal("true", Environment.GetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS"));
    }

    private sealed class Answering : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
    }
}
