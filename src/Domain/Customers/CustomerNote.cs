namespace Alvys.Customers.Domain.Customers;

/// <summary>A note kept by Alvys users on a customer; read-only through the Public API.</summary>
public sealed record CustomerNote(string Id, string? Description, string? NoteType, DateTimeOffset? Time, string? User);
