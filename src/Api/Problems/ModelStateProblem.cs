using System.Text.RegularExpressions;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Alvys.Customers.Api.Problems;

/// <summary>
/// Binding failures (malformed JSON, a wrong JSON type, a member given twice) as ValidationFailed problems keyed by
/// field — by the member's wire name (<see cref="PartnerJson.WireName"/>), whatever letter case the partner sent it in.
/// </summary>
internal static partial class ModelStateProblem
{
    /// <summary>The problem, or null for an action that reads a body whose members are judged after its preconditions.</summary>
    public static IActionResult? Create(ActionContext context)
    {
        var errors = Errors(context.ModelState, BodyTypeOf(context));
        // A body that is no JSON object at all is refused outright; its members' faults wait for the precondition.
        if (context.ActionDescriptor.EndpointMetadata.OfType<BodyJudgedAfterPreconditionsAttribute>().Any() && errors.Keys.Any(field => field != "body"))
        {
            // MVC's filter leaves the result unset, so the action runs and reports these errors after its precondition.
            return null;
        }

        var writer = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
        return writer.Result(context.HttpContext, ProblemKind.ValidationFailed, "The request body or parameters could not be read.", errors);
    }

    /// <summary>The same errors as a failure a handler reports in its turn.</summary>
    public static CustomerFailure.Invalid Failure(ActionContext context) =>
        new(Errors(context.ModelState, BodyTypeOf(context))
            .SelectMany(field => field.Value.Select(message => CustomerErrors.Field(field.Key, message)))
            .ToArray());

    private static Dictionary<string, string[]> Errors(ModelStateDictionary modelState, Type? bodyType)
    {
        var errors = modelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .SelectMany(entry => entry.Value!.Errors.Select(error => Explain(Member(entry.Key, bodyType), error.ErrorMessage)))
            .ToArray();
        // A member that could not be read also leaves the body unbound ("The body field is required."): that says nothing more.
        var members = errors.Any(error => error.Field != "body") ? errors.Where(error => error.Field != "body") : errors;
        return members
            .GroupBy(error => error.Field, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Message).Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The field and sentence for one binding error. The serializer's own messages quote its internals (types, paths,
    /// byte positions), so they are recognised and said again in the partner's terms: JSON that does not parse is the
    /// body's fault wherever the parser stopped; a value of the wrong kind and a member given twice are the member's.
    /// </summary>
    private static (string Field, string Message) Explain((string Field, Type? Type, bool Nullable) member, string message)
    {
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return (member.Field, $"{member.Field} is given more than once (member names are read in any letter case).");
        }

        if (string.IsNullOrEmpty(message) || message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) || message.StartsWith("Cannot get the value", StringComparison.Ordinal))
        {
            return (member.Field, Expected(member));
        }

        return !message.Contains("Path:", StringComparison.Ordinal) && !message.Contains("System.", StringComparison.Ordinal) && !message.Contains("Alvys.", StringComparison.Ordinal)
            ? (member.Field, message)
            : ("body", InvalidJson);
    }

    private static Type? BodyTypeOf(ActionContext context) =>
        context.ActionDescriptor.Parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body)?.ParameterType;

    /// <summary>
    /// "$.items[0].externalId" → "Items[0].ExternalId" and the type that member holds; the document itself ("$", or the
    /// body parameter) → "body"; "$.PAGESIZE" of the search criteria → "pageSize", the key their validator uses too.
    /// </summary>
    private static (string Field, Type? Type, bool Nullable) Member(string key, Type? bodyType)
    {
        var trimmed = key.TrimStart('$', '.');
        if (trimmed.Length == 0 || trimmed == "body")
        {
            return ("body", null, false);
        }

        Type? type = bodyType;
        var nullable = false;
        var field = MemberSegment().Replace(trimmed, segment =>
        {
            var declaringType = type;
            var property = type?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, segment.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
            var optional = property is null ? null : OptionalMembers.ValueTypeOf(property.PropertyType);
            nullable = optional is not null;
            type = optional ?? property?.PropertyType;
            // One element type down per index: Email[0] holds a string, Items[3] a patch.
            foreach (var _ in segment.Groups["index"].Value.Where(c => c == '['))
            {
                type = ElementOf(type);
                nullable = false;
            }

            return (property is null ? segment.Groups["name"].Value : PartnerJson.WireName(declaringType!, property.Name)) + segment.Groups["index"].Value;
        });
        return (field, type, nullable);
    }

    private static Type? ElementOf(Type? type) =>
        type is null ? null
        : type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.IsGenericType && type.GetGenericArguments() is [var element] ? element
        : null;

    /// <summary>What the member takes, said in JSON's terms: the sentence for a value of the wrong kind.</summary>
    private static string Expected((string Field, Type? Type, bool Nullable) member)
    {
        var type = member.Type is { } declared ? Nullable.GetUnderlyingType(declared) ?? declared : null;
        var orNull = member.Nullable ? " or null" : string.Empty;
        return type switch
        {
            null => InvalidJson,
            { IsEnum: true } => $"{member.Field} must be one of {string.Join(", ", PartnerJson.WireNames(type).Select(name => $"'{name}'"))}{orNull}.",
            _ when type == typeof(string) => $"{member.Field} must be a string{orNull}.",
            _ when type == typeof(int) || type == typeof(long) => $"{member.Field} must be a whole number{orNull}.",
            _ when ElementOf(type) is not null => $"{member.Field} must be an array{orNull}.",
            _ => $"{member.Field} must be an object{orNull}.",
        };
    }

    private const string InvalidJson = "The request body is not valid JSON, or a value in it has the wrong JSON type.";

    [GeneratedRegex(@"(?<name>[^.\[]+)(?<index>(\[\d+\])*)")]
    private static partial Regex MemberSegment();
}

/// <summary>
/// The action decides its preconditions (If-Match) before the members of its body (RFC 9110 §13.2.2): a member that
/// could not be read reaches it as a failure to report in turn, instead of a 400 before the precondition is known.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BodyJudgedAfterPreconditionsAttribute : Attribute;
