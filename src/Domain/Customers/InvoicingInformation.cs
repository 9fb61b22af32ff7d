namespace Alvys.Customers.Domain.Customers;

/// <summary>Managed by Alvys; read-only through the Public API.</summary>
public sealed record InvoicingInformation(
    Address? Address,
    IReadOnlyList<string> EmailAddresses,
    string? InvoicingName,
    string? InvoicingNameAlias);
