namespace Alvys.Customers.Domain.Customers;

// The parts of a customer that Alvys users keep: the Public API answers them and never changes them.

/// <summary>A person at the customer, maintained by Alvys users; read-only through the Public API.</summary>
public sealed record CustomerContact(string? Name, string? Title, string? Email, string? Phone);

/// <summary>A note kept by Alvys users on a customer; read-only through the Public API.</summary>
public sealed record CustomerNote(string Id, string? Description, string? NoteType, DateTimeOffset? Time, string? User);

/// <summary>Managed by Alvys; read-only through the Public API.</summary>
public sealed record InvoicingInformation(
    Address? Address,
    IReadOnlyList<string> EmailAddresses,
    string? InvoicingName,
    string? InvoicingNameAlias);
