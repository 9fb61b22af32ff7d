namespace Alvys.Customers.Domain.Customers;

public sealed record Address(string? Street, string? City, string? State, string? ZipCode)
{
    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Street) && string.IsNullOrWhiteSpace(City) &&
        string.IsNullOrWhiteSpace(State) && string.IsNullOrWhiteSpace(ZipCode);
}
