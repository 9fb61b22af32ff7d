namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The trait of the tests that take seconds each (timed load, faults, soak): the README's test command runs them all;
/// <c>dotnet test --filter "Category!=Slow"</c> leaves them out for a quick loop while working.
/// </summary>
public static class TestSpeed
{
    public const string Category = "Category";
    public const string Slow = "Slow";
}
