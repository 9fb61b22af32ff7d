using Alvys.Customers.Api.Controllers;
using Alvys.Customers.Application.Messaging;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Mono.Cecil;

namespace Alvys.Customers.ArchitectureTests;

/// <summary>
/// References point inward only: Api → Application/Infrastructure, Infrastructure → Application → Domain.
/// Every rule is also run against a known violator (this test assembly, or a sample in it) and must fail there:
/// a rule that cannot fail proves nothing.
/// </summary>
public sealed class LayerTests
{
    private static readonly AssemblyDefinition Domain = ArchitectureRules.Load(typeof(Customer));
    private static readonly AssemblyDefinition Application = ArchitectureRules.Load(typeof(ISender));
    private static readonly AssemblyDefinition Infrastructure = ArchitectureRules.Load(typeof(CosmosOptions));
    private static readonly AssemblyDefinition Api = ArchitectureRules.Load(typeof(CustomersController));
    private static readonly AssemblyDefinition Violator = ArchitectureRules.Load(typeof(LayerTests));

    private static readonly string[] DomainMayUse = ["System.*", "netstandard", "Ardalis.Result"];

    private static readonly string[] ApplicationMayUse =
    [
        "System.*", "netstandard", "Ardalis.Result", "Alvys.Customers.Domain", "FluentValidation", "FluentValidation.DependencyInjectionExtensions",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
    ];

    [Fact]
    public void Domain_DependsOnNoOtherProjectNorFramework() =>
        Assert.Empty(ArchitectureRules.ReferencesOutside(Domain, DomainMayUse));

    [Fact]
    public void DomainRule_FailsOnAnAssemblyThatUsesCosmosAndAspNetCore()
    {
        var violations = ArchitectureRules.ReferencesOutside(Violator, DomainMayUse);

        Assert.Contains("Microsoft.Azure.Cosmos.Client", violations);
        Assert.Contains("Alvys.Customers.Infrastructure", violations);
    }

    [Fact]
    public void Application_DependsOnlyOnDomainAndItsAbstractions() =>
        Assert.Empty(ArchitectureRules.ReferencesOutside(Application, ApplicationMayUse));

    [Fact]
    public void ApplicationRule_FailsOnAnAssemblyThatUsesInfrastructure() =>
        Assert.Contains("Alvys.Customers.Infrastructure", ArchitectureRules.ReferencesOutside(Violator, ApplicationMayUse));

    [Fact]
    public void Infrastructure_DoesNotDependOnTheApi() =>
        Assert.Empty(ArchitectureRules.ReferencesTo(Infrastructure, "Alvys.Customers.Api", "Microsoft.AspNetCore.*"));

    [Fact]
    public void InfrastructureRule_FailsOnAnAssemblyThatUsesTheApi() =>
        Assert.Contains("Alvys.Customers.Api", ArchitectureRules.ReferencesTo(Violator, "Alvys.Customers.Api", "Microsoft.AspNetCore.*"));

    [Fact]
    public void Controllers_UseNoInfrastructureOrCosmosType() =>
        Assert.Empty(ArchitectureRules.TypeUses(Api, "Alvys.Customers.Api.Controllers", "Alvys.Customers.Infrastructure", "Microsoft.Azure.Cosmos.*"));

    [Fact]
    public void ControllerRule_FailsOnAControllerThatUsesInfrastructure()
    {
        var violations = ArchitectureRules.TypeUses(Violator, "Alvys.Customers.ArchitectureTests.Samples.Controllers", "Alvys.Customers.Infrastructure", "Microsoft.Azure.Cosmos.*");

        Assert.Contains(violations, v => v.Contains("LeakyController → Alvys.Customers.Infrastructure.Cosmos.CustomerContainer", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Microsoft.Azure.Cosmos.Container", StringComparison.Ordinal));
    }

    [Fact]
    public void Aggregate_HasNoPublicSetters() =>
        Assert.Empty(ArchitectureRules.PublicSetters(Domain.MainModule.GetType("Alvys.Customers.Domain.Customers.Customer")));

    [Fact]
    public void AggregateRule_FailsOnATypeWithAPublicSetter() =>
        Assert.Equal(["Name"], ArchitectureRules.PublicSetters(Violator.MainModule.GetType("Alvys.Customers.ArchitectureTests.Samples.Controllers.OpenAggregate")));
}
