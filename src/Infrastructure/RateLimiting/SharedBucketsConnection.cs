using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alvys.Customers.Infrastructure.RateLimiting;

/// <summary>
/// The connection to the Redis that holds the API's rate-limit buckets, which every replica shares. Either a connection string
/// (<c>RateLimiting:Redis</c>) or, in Azure, an endpoint (<c>RateLimiting:RedisEndpoint</c>) reached over TLS with an
/// Entra ID token of the app's managed identity as the password — no access key — renewed before it expires.
/// The connection never fails the start: while Redis is unreachable the limiter falls back and the multiplexer keeps
/// reconnecting on its own.
/// </summary>
public sealed class SharedBucketsConnection : IDisposable
{
    /// <summary>The scope of an Entra ID token Azure Cache for Redis / Azure Managed Redis accept.</summary>
    public const string RedisScope = "https://redis.azure.com/.default";

    private readonly ConfigurationOptions _options;
    private readonly TokenCredential? _credential;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    private SharedBucketsConnection(ConfigurationOptions options, TokenCredential? credential, ILogger logger)
    {
        _options = options;
        _credential = credential;
        _logger = logger;
        if (credential is not null)
        {
            var token = credential.GetToken(new TokenRequestContext([RedisScope]), CancellationToken.None);
            _options.Password = token.Token;
            _ = RenewAsync(token.ExpiresOn, _stopping.Token);
        }

        Multiplexer = ConnectionMultiplexer.Connect(_options);
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>
    /// The connection the settings ask for — a connection string, or else an endpoint with the managed identity's user and
    /// client id — or null when they name no Redis (one replica, in-memory buckets).
    /// </summary>
    public static SharedBucketsConnection? Open(string? connectionString, string? endpoint, string? user, string? managedIdentityClientId, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new SharedBucketsConnection(Configure(ConfigurationOptions.Parse(connectionString)), null, logger);
        }

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        var options = Configure(new ConfigurationOptions { Ssl = true, User = user });
        options.EndPoints.Add(endpoint);
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });
        return new SharedBucketsConnection(options, credential, logger);
    }

    private static ConfigurationOptions Configure(ConfigurationOptions options)
    {
        // Start without Redis and reconnect by itself; a request never waits long on a Redis that is not answering.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        return options;
    }

    /// <summary>Fetches a new token when three quarters of the current one's life is over; re-authenticates open connections with it.</summary>
    private async Task RenewAsync(DateTimeOffset expiresOn, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wait = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, (long)((expiresOn - DateTimeOffset.UtcNow).Ticks * 0.75)));
            try
            {
                await Task.Delay(wait, stopping);
                var token = await _credential!.GetTokenAsync(new TokenRequestContext([RedisScope]), stopping);
                // Reconnections authenticate with the options' password; connections already open are told now.
                _options.Password = token.Token;
                foreach (var server in Multiplexer.GetServers().Where(server => server.IsConnected))
                {
                    await (string.IsNullOrEmpty(_options.User)
                        ? server.ExecuteAsync("AUTH", token.Token)
                        : server.ExecuteAsync("AUTH", _options.User, token.Token));
                }

                expiresOn = token.ExpiresOn;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is AuthenticationFailedException or RedisException or TimeoutException)
            {
                // The current token may still be good for a while: try again soon rather than wait for its end.
                _logger.LogWarning(exception, "Renewing the Entra ID token for the rate-limit Redis failed; retrying in 30 s");
                expiresOn = DateTimeOffset.UtcNow.AddSeconds(40);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        Multiplexer.Dispose();
    }
}
