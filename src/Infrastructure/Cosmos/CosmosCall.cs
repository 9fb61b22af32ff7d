using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// Every call to Cosmos goes through here: the SDK's "not now" — throttled past its retries, unavailable, timing out —
/// becomes <see cref="CustomerStoreUnavailableException"/>, which the Api answers 503; anything else stays the SDK's own.
/// </summary>
internal static class CosmosCall
{
    /// <summary>Runs one call to Cosmos, turning the SDK's "not now" into <see cref="CustomerStoreUnavailableException"/>.</summary>
    internal static async Task<ResponseMessage> RunAsync<TState>(TState state, Func<TState, Task<ResponseMessage>> call)
    {
        try
        {
            return await call(state);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw new CustomerStoreUnavailableException("The customer store did not answer.", exception);
        }
    }

    /// <summary>A point read of the document with this id in the partition (one round trip), or null when there is none.</summary>
    internal static async Task<T?> ReadItemAsync<T>(Container container, string id, string partition, CancellationToken cancellationToken)
    {
        using var response = await RunAsync(
            (Container: container, Id: id, Partition: partition, Token: cancellationToken),
            static read => read.Container.ReadItemStreamAsync(read.Id, new PartitionKey(read.Partition), cancellationToken: read.Token));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }

        ThrowUnlessSuccess(response);
        return await CosmosJson.ReadAsync<T>(response.Content, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="body"/> over the document's version <paramref name="ifMatch"/> names: the new version's entity
    /// tag, or null when that version is no longer the stored one (412) or the document is gone (404).
    /// </summary>
    internal static async Task<string?> ReplaceIfMatchAsync(Container container, Stream body, string id, string partition, string ifMatch, CancellationToken cancellationToken)
    {
        using var response = await RunAsync(
            (Container: container, Body: body, Id: id, Partition: partition, IfMatch: ifMatch, Token: cancellationToken),
            static replace => replace.Container.ReplaceItemStreamAsync(
                replace.Body, replace.Id, new PartitionKey(replace.Partition), new ItemRequestOptions { IfMatchEtag = replace.IfMatch }, replace.Token));
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }

        ThrowUnlessSuccess(response);
        return response.Headers.ETag;
    }

    /// <summary>A response that is not a success: "not now" becomes <see cref="CustomerStoreUnavailableException"/>, anything else the SDK's own.</summary>
    internal static void ThrowUnlessSuccess(ResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (IsUnavailable(response.StatusCode))
        {
            throw new CustomerStoreUnavailableException($"The customer store answered {(int)response.StatusCode}.");
        }

        response.EnsureSuccessStatusCode();
    }

    private static bool IsUnavailable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout;

    internal static bool IsUnavailable(Exception exception) => exception switch
    {
        CosmosException cosmos => IsUnavailable(cosmos.StatusCode),
        HttpRequestException or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
