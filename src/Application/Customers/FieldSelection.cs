using Alvys.Customers.Domain.Customers;
using FluentValidation;

namespace Alvys.Customers.Application.Customers;

/// <summary>
/// The members of a customer a read answers with (the <c>fields</c> query parameter): those named, and always
/// <c>Id</c> and <c>ETag</c>, which say whose version the rest belongs to. Names are the members of
/// <see cref="CustomerResponse"/>, read in any letter case.
/// </summary>
public sealed class FieldSelection
{
    /// <summary>Every member a read can answer with, in the order a customer is written.</summary>
    public static readonly IReadOnlyList<string> Names =
        [.. typeof(CustomerResponse).GetConstructors().Single().GetParameters().Select(parameter => parameter.Name!)];

    /// <summary>What a read always answers with.</summary>
    public static readonly IReadOnlyList<string> Always = [nameof(CustomerResponse.Id), nameof(CustomerResponse.ETag)];

    private FieldSelection(IReadOnlySet<string> members) => Members = members;

    /// <summary>The members named and the ones always answered, by their declared names.</summary>
    public IReadOnlySet<string> Members { get; }

    /// <summary>What the store is asked for: these members only.</summary>
    public CustomerProjection Projection => new(Members);

    /// <summary>The selection <paramref name="fields"/> names; null when it is absent (every member) or names a member there is not.</summary>
    public static FieldSelection? Parse(string? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var members = new HashSet<string>(Always, StringComparer.Ordinal);
        foreach (var given in fields.Split(','))
        {
            if (Declared(given.Trim()) is not { } name)
            {
                return null;
            }

            members.Add(name);
        }

        return new FieldSelection(members);
    }

    /// <summary>Exactly <paramref name="members"/> (declared names), without the ones a read always answers with.</summary>
    internal static FieldSelection Only(IEnumerable<string> members) => new(new HashSet<string>(members, StringComparer.Ordinal));

    /// <summary>What is wrong with <paramref name="fields"/>, or null when it is absent or names members only.</summary>
    public static string? Problem(string? fields) =>
        fields?.Split(',').Select(given => given.Trim()).FirstOrDefault(given => Declared(given) is null) is { } unknown
            ? (unknown.Length == 0 ? "fields names no member there" : $"fields names '{unknown}', no member of a customer")
              + $": give a comma-separated list of {string.Join(", ", Names)} (Id and ETag are always answered)."
            : null;

    private static string? Declared(string given) =>
        Names.FirstOrDefault(name => name.Equals(given, StringComparison.OrdinalIgnoreCase));
}

internal static class FieldSelectionRules
{
    /// <summary>The <c>fields</c> parameter of a read names members of a customer only; its error lists the names there are.</summary>
    public static void ValidFields<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(fields => FieldSelection.Problem(fields) is null)
            .OverridePropertyName("fields")
            .WithMessage((_, fields) => FieldSelection.Problem(fields));
}
