namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// Round trips to Cosmos DB made on behalf of one unit of work (an HTTP request), however deep in the call
/// chain they happen: the tally flows with the async context, as the request's own work does.
/// </summary>
public static class CosmosRoundTrips
{
    private static readonly AsyncLocal<Tally?> Current = new();

    /// <summary>Starts counting for the calling async flow and everything it awaits.</summary>
    public static Tally Begin() => Current.Value = new Tally();

    internal static void Add() => Current.Value?.Increment();

    public sealed class Tally
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Increment() => Interlocked.Increment(ref _count);
    }
}
