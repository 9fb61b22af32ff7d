using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Shows every <see cref="Optional{T}"/> member to System.Text.Json as a member of type <c>T</c> (nullable): JSON null
/// is <see cref="Optional{T}.Null"/>, a value is that value, and a member the JSON leaves out is never set, so it stays
/// absent. Read by the serializer's own machinery, a member's errors carry its whole path (member, nested member, index), and
/// the OpenAPI document describes it as what goes over the wire: its value or null.
/// </summary>
public static class OptionalMembers
{
    public static void Expose(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = 0; i < typeInfo.Properties.Count; i++)
        {
            if (typeInfo.Properties[i] is { AttributeProvider: PropertyInfo member } property && ValueTypeOf(member.PropertyType) is { } valueType)
            {
                typeInfo.Properties[i] = (JsonPropertyInfo)ExposeGeneric.MakeGenericMethod(valueType).Invoke(null, [typeInfo, property, member])!;
            }
        }
    }

    /// <summary>The <c>T</c> of an <see cref="Optional{T}"/>, or null for any other type.</summary>
    public static Type? ValueTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>) ? type.GetGenericArguments()[0] : null;

    private static readonly MethodInfo ExposeGeneric = typeof(OptionalMembers).GetMethod(nameof(ExposeAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static JsonPropertyInfo ExposeAs<T>(JsonTypeInfo owner, JsonPropertyInfo optional, PropertyInfo member)
    {
        var wireType = typeof(T).IsValueType ? typeof(Nullable<>).MakeGenericType(typeof(T)) : typeof(T);
        var exposed = owner.CreateJsonPropertyInfo(wireType, optional.Name);
        exposed.AttributeProvider = member;
        exposed.Set = (target, value) => member.SetValue(target, value is null ? Optional<T>.Null : (Optional<T>)(T)value);
        exposed.Get = target => member.GetValue(target) is Optional<T> { HasValue: true } present ? present.Value : null;
        exposed.ShouldSerialize = (target, _) => member.GetValue(target) is Optional<T> { IsPresent: true };
        return exposed;
    }
}
