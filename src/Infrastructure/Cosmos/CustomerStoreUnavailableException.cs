using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// The customer store could not answer now — throttled past the retry budget, unavailable, or timing out — and a
/// retry later may succeed. Raised in place of the Cosmos SDK's own exceptions and statuses, so that nothing
/// outside Infrastructure needs to know Cosmos to answer 503.
/// </summary>
public sealed class CustomerStoreUnavailableException : Exception
{
    public CustomerStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Runs one call to Cosmos, turning the SDK's "not now" into this exception.</summary>
    internal static async Task<ResponseMessage> Guard<TState>(TState state, Func<TState, Task<ResponseMessage>> call)
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

    /// <summary>A response that is not a success: "not now" becomes this exception, anything else the SDK's own.</summary>
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

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        CosmosException cosmos => IsUnavailable(cosmos.StatusCode),
        HttpRequestException or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
