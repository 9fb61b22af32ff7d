namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// The customer store could not answer now — throttled past the retry budget, unavailable, or timing out — and a
/// retry later may succeed. Raised in place of the Cosmos SDK's own exceptions and statuses, so that nothing
/// outside Infrastructure needs to know Cosmos to answer 503 (<see cref="CosmosCall"/>).
/// </summary>
public sealed class CustomerStoreUnavailableException : Exception
{
    public CustomerStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
