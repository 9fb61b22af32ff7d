namespace Alvys.Customers.Domain.Customers;

/// <summary>The two business-company types a customer record can be.</summary>
[System.ComponentModel.Description("What the customer is to the tenant: Customer or Broker/3PL.")]
public enum CustomerType
{
    Customer,
    BrokerOr3PL,
}

public static class CustomerTypeNames
{
    public const string Customer = "Customer";
    public const string BrokerOr3PL = "Broker/3PL";

    public static string ToName(this CustomerType type) => type switch
    {
        CustomerType.Customer => Customer,
        CustomerType.BrokerOr3PL => BrokerOr3PL,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? name, out CustomerType type)
    {
        type = default;
        if (string.Equals(name, Customer, StringComparison.OrdinalIgnoreCase))
        {
            type = CustomerType.Customer;
            return true;
        }

        if (string.Equals(name, BrokerOr3PL, StringComparison.OrdinalIgnoreCase))
        {
            type = CustomerType.BrokerOr3PL;
            return true;
        }

        return false;
    }
}
