namespace Alvys.Customers.Domain.Customers;

/// <summary>A person at the customer, maintained by Alvys users; read-only through the Public API.</summary>
public sealed record CustomerContact(string? Name, string? Title, string? Email, string? Phone);
