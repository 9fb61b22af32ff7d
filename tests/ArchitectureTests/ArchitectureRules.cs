using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Alvys.Customers.ArchitectureTests;

/// <summary>
/// Dependency rules read from compiled IL with Mono.Cecil (NetArchTest cannot be restored here). Each rule
/// takes the assembly to check as an argument, so a test can point it at a known violator and watch it fail.
/// </summary>
public static class ArchitectureRules
{
    public static AssemblyDefinition Load(Type anyTypeOfTheAssembly) =>
        AssemblyDefinition.ReadAssembly(anyTypeOfTheAssembly.Assembly.Location);

    /// <summary>Assembly references outside <paramref name="allowed"/> (matched by exact name or by a trailing-'*' prefix).</summary>
    public static IReadOnlyList<string> ReferencesOutside(AssemblyDefinition assembly, params string[] allowed) =>
        assembly.MainModule.AssemblyReferences
            .Select(reference => reference.Name)
            .Where(name => !allowed.Any(pattern => Matches(name, pattern)))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Assembly references that match any of <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> ReferencesTo(AssemblyDefinition assembly, params string[] forbidden) =>
        assembly.MainModule.AssemblyReferences
            .Select(reference => reference.Name)
            .Where(name => forbidden.Any(pattern => Matches(name, pattern)))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Every use, by a type in <paramref name="namespacePrefix"/>, of a type from an assembly matching
    /// <paramref name="forbiddenAssemblies"/>: in base types, interfaces, fields, properties, signatures,
    /// locals, attributes and IL operands — as "Type → used type".
    /// </summary>
    public static IReadOnlyList<string> TypeUses(AssemblyDefinition assembly, string namespacePrefix, params string[] forbiddenAssemblies)
    {
        var uses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes().Where(t => t.Namespace.StartsWith(namespacePrefix, StringComparison.Ordinal) || IsNestedIn(t, namespacePrefix)))
        {
            foreach (var used in ReferencedTypes(type))
            {
                var scope = AssemblyOf(used);
                if (scope is not null && forbiddenAssemblies.Any(pattern => Matches(scope, pattern)))
                {
                    uses.Add($"{type.FullName} → {used.FullName}");
                }
            }
        }

        return uses.ToArray();
    }

    /// <summary>Properties anyone may set: an aggregate changes only through its own methods.</summary>
    public static IReadOnlyList<string> PublicSetters(TypeDefinition type) =>
        type.Properties.Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToArray();

    private static bool IsNestedIn(TypeDefinition type, string namespacePrefix) =>
        type.DeclaringType is { } outer && (outer.Namespace.StartsWith(namespacePrefix, StringComparison.Ordinal) || IsNestedIn(outer, namespacePrefix));

    private static bool Matches(string name, string pattern) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern;

    private static string? AssemblyOf(TypeReference type) => type.Scope switch
    {
        AssemblyNameReference reference => reference.Name,
        ModuleDefinition module => module.Assembly.Name.Name,
        _ => null,
    };

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var contract in type.Interfaces)
        {
            Add(contract.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            AddAttributes(method);
            foreach (var parameter in method.Parameters)
            {
                AddAttributes(parameter);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                Add(local.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operandType:
                        Add(operandType);
                        break;
                    case MethodReference operandMethod:
                        AddMethod(operandMethod);
                        if (operandMethod is GenericInstanceMethod genericMethod)
                        {
                            genericMethod.GenericArguments.ToList().ForEach(Add);
                        }

                        break;
                    case FieldReference operandField:
                        Add(operandField.DeclaringType);
                        Add(operandField.FieldType);
                        break;
                }
            }
        }

        return found;
    }
}
