using System.Reflection;
using Mediator;
using NetArchTest.Rules;

namespace Alvys.Customers.ArchitectureTests;

/// <summary>
/// The project's dependency rules over the compiled assemblies: which assemblies a project may reference
/// (an allow-list, from its metadata), and which namespaces its types must not touch (NetArchTest, which reads
/// every member's IL). Each rule takes what it checks as an argument, so a test can point it at a known
/// violator and watch it fail.
/// </summary>
public static class ArchitectureRules
{
    /// <summary>Assemblies Domain may reference: the BCL and Ardalis.Result, nothing of ours, no framework.</summary>
    public static readonly string[] DomainMayReference = ["System.*", "netstandard", "Ardalis.Result"];

    /// <summary>Assemblies Application may reference: Domain and the abstractions its use cases are written against.</summary>
    public static readonly string[] ApplicationMayReference =
    [
        "System.*", "netstandard", "Ardalis.Result", "Alvys.Customers.Domain", "FluentValidation", "FluentValidation.DependencyInjectionExtensions",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
        // BackgroundService: webhook deliveries and verifications are sent by services of the use cases' own.
        "Microsoft.Extensions.Hosting.Abstractions",
        // The assembly of the Mediator.Abstractions package; the source generator ships nothing.
        "Mediator",
    ];

    /// <summary>Namespaces no type of Domain may touch: other layers, frameworks, the database.</summary>
    public static readonly string[] DomainMustNotUse =
    [
        "Alvys.Customers.Application", "Alvys.Customers.Infrastructure", "Alvys.Customers.Api", "Microsoft", "Azure", "Newtonsoft", "FluentValidation", "Mediator",
        "System.Text.Json",
    ];

    /// <summary>Namespaces no type of Application may touch: the outer layers, the web and the database.</summary>
    public static readonly string[] ApplicationMustNotUse =
    [
        "Alvys.Customers.Infrastructure", "Alvys.Customers.Api", "Microsoft.AspNetCore", "Microsoft.Azure", "Azure", "Newtonsoft", "System.Net.Http",
        // Bodies and headers are read in the Api: Application receives typed values.
        "System.Text.Json", "Microsoft.Net.Http.Headers",
    ];

    public static readonly string[] InfrastructureMustNotUse = ["Alvys.Customers.Api", "Microsoft.AspNetCore"];

    public static readonly string[] ControllersMustNotUse = ["Alvys.Customers.Infrastructure", "Microsoft.Azure.Cosmos"];

    /// <summary>Cosmos stays in Infrastructure: nothing in the Api, controllers or not, names a Cosmos SDK type.</summary>
    public static readonly string[] ApiMustNotUse = ["Microsoft.Azure.Cosmos"];

    /// <summary>What Infrastructure must not reference: it implements Domain's ports and serves nothing of the layers above.</summary>
    public static readonly string[] InfrastructureMustNotReference = ["Alvys.Customers.Application", "Alvys.Customers.Api"];

    /// <summary>The types a project declares: its own namespace, not the compiler's or a generator's helpers.</summary>
    public static PredicateList ProjectTypes(Assembly assembly, string @namespace) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(@namespace);

    /// <summary>Assembly references outside <paramref name="allowed"/> (matched by exact name or by a trailing-'*' prefix).</summary>
    public static IReadOnlyList<string> ReferencesOutside(Assembly assembly, params string[] allowed) =>
        assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => !allowed.Any(pattern => pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Assembly references that are among <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> ReferencesAmong(Assembly assembly, params string[] forbidden) =>
        assembly.GetReferencedAssemblies().Select(reference => reference.Name!).Where(forbidden.Contains).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every type an assembly holds, whatever its namespace (top-level statements and generated code included).</summary>
    public static PredicateList AllTypes(Assembly assembly) => Types.InAssembly(assembly).That().HaveNameMatching(".*");

    /// <summary>Types among <paramref name="types"/> that use any of the namespaces <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> Using(PredicateList types, params string[] forbidden) =>
        Failing(types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult());

    /// <summary>Every Mediator request handler declared in <paramref name="assembly"/>, by full name.</summary>
    public static IReadOnlyList<string> HandlersIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetInterfaces().Any(IsHandlerContract))
            .Select(type => type.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Properties anyone may set: an aggregate changes only through its own methods.</summary>
    public static IReadOnlyList<string> PublicSetters(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(property => property.SetMethod is { IsPublic: true })
            .Select(property => property.Name)
            .ToArray();

    private static bool IsHandlerContract(Type contract) =>
        contract.IsGenericType
        && contract.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IRequestHandler<,>) || definition == typeof(ICommandHandler<,>) || definition == typeof(IQueryHandler<,>));

    private static IReadOnlyList<string> Failing(TestResult result) =>
        result.IsSuccessful ? [] : (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal).ToArray();
}
