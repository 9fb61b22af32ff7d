namespace Alvys.Customers.Domain.Customers;

[System.ComponentModel.Description("Active, or Inactive (soft-deleted).")]
public enum CustomerStatus
{
    Active,
    Inactive,
}

public static class CustomerStatusNames
{
    public static string ToName(this CustomerStatus status) => status switch
    {
        CustomerStatus.Active => "Active",
        CustomerStatus.Inactive => "Inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Partners send statuses in any letter case; the names themselves are fixed.</summary>
    public static bool TryParse(string? name, out CustomerStatus status)
    {
        status = default;
        if (string.Equals(name, "Active", StringComparison.OrdinalIgnoreCase))
        {
            status = CustomerStatus.Active;
            return true;
        }

        if (string.Equals(name, "Inactive", StringComparison.OrdinalIgnoreCase))
        {
            status = CustomerStatus.Inactive;
            return true;
        }

        return false;
    }
}
