using System.Reflection;
using Alvys.Customers.Api.Controllers;
using Alvys.Customers.Application;
using Alvys.Customers.ArchitectureTests.Samples.Controllers;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using static Alvys.Customers.ArchitectureTests.ArchitectureRules;

namespace Alvys.Customers.ArchitectureTests;

/// <summary>
/// Dependencies point inward only: Api → Application/Infrastructure, Infrastructure → Application → Domain.
/// Every rule is also run against a known violator (a sample compiled into this test assembly) and must fail
/// there: a rule that cannot fail proves nothing.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(Customer).Assembly;
    private static readonly Assembly Application = typeof(DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(CosmosOptions).Assembly;
    private static readonly Assembly Api = typeof(CustomersController).Assembly;
    private static readonly Assembly Violator = typeof(LayerTests).Assembly;

    private const string Samples = "Alvys.Customers.ArchitectureTests.Samples";

    [Fact]
    public void Domain_ReferencesNoOtherProjectNorFramework() =>
        Assert.Empty(ReferencesOutside(Domain, DomainMayReference));

    [Fact]
    public void DomainReferenceRule_FailsOnAnAssemblyThatReferencesCosmosAndInfrastructure()
    {
        var violations = ReferencesOutside(Violator, DomainMayReference);

        Assert.Contains("Microsoft.Azure.Cosmos.Client", violations);
        Assert.Contains("Alvys.Customers.Infrastructure", violations);
    }

    [Fact]
    public void DomainTypes_UseNoOtherLayerNorFramework() =>
        Assert.Empty(Using(ProjectTypes(Domain, "Alvys.Customers.Domain"), DomainMustNotUse));

    [Fact]
    public void DomainTypeRule_FailsOnTypesThatUseInfrastructureAndMediator() =>
        Assert.Equal(
            [typeof(LeakyController).FullName!, typeof(RawBodyCommand).FullName!, typeof(StrayHandler).FullName!, typeof(StrayQuery).FullName!],
            Using(ProjectTypes(Violator, Samples), DomainMustNotUse));

    [Fact]
    public void Application_ReferencesOnlyDomainAndItsAbstractions() =>
        Assert.Empty(ReferencesOutside(Application, ApplicationMayReference));

    [Fact]
    public void ApplicationReferenceRule_FailsOnAnAssemblyThatReferencesInfrastructure() =>
        Assert.Contains("Alvys.Customers.Infrastructure", ReferencesOutside(Violator, ApplicationMayReference));

    [Fact]
    public void ApplicationTypes_UseNoOuterLayerWebOrDatabase() =>
        Assert.Empty(Using(ProjectTypes(Application, "Alvys.Customers.Application"), ApplicationMustNotUse));

    [Fact]
    public void ApplicationTypeRule_FailsOnTypesThatUseInfrastructureOrReadJson() =>
        Assert.Equal(
            [typeof(LeakyController).FullName!, typeof(RawBodyCommand).FullName!],
            Using(ProjectTypes(Violator, Samples), ApplicationMustNotUse));

    [Fact]
    public void Infrastructure_ReferencesNeitherApplicationNorApi() =>
        Assert.Empty(ReferencesAmong(Infrastructure, InfrastructureMustNotReference));

    [Fact]
    public void InfrastructureReferenceRule_FailsOnAnAssemblyThatReferencesTheApi() =>
        Assert.Equal(["Alvys.Customers.Api", "Alvys.Customers.Application"], ReferencesAmong(Violator, InfrastructureMustNotReference));

    [Fact]
    public void Api_NamesNoCosmosType() =>
        Assert.Empty(Using(AllTypes(Api), ApiMustNotUse));

    [Fact]
    public void ApiCosmosRule_FailsOnTypesThatUseCosmos() =>
        Assert.Contains(typeof(LeakyController).FullName, Using(AllTypes(Violator), ApiMustNotUse));

    [Fact]
    public void Infrastructure_DoesNotDependOnTheApi() =>
        Assert.Empty(Using(ProjectTypes(Infrastructure, "Alvys.Customers.Infrastructure"), InfrastructureMustNotUse));

    [Fact]
    public void InfrastructureRule_FailsOnTypesThatUseAspNetCore() =>
        Assert.Equal([typeof(LeakyController).FullName!], Using(ProjectTypes(Violator, Samples), InfrastructureMustNotUse));

    [Fact]
    public void Controllers_UseNoInfrastructureOrCosmosType() =>
        Assert.Empty(Using(ProjectTypes(Api, "Alvys.Customers.Api.Controllers"), ControllersMustNotUse));

    [Fact]
    public void ControllerRule_FailsOnAControllerThatUsesInfrastructure() =>
        Assert.Equal([typeof(LeakyController).FullName!], Using(ProjectTypes(Violator, Samples + ".Controllers"), ControllersMustNotUse));

    [Fact]
    public void Handlers_LiveInApplicationOnly()
    {
        Assert.NotEmpty(HandlersIn(Application));
        Assert.All(HandlersIn(Application), handler => Assert.Matches(@"^Alvys\.Customers\.Application\.(Customers|Webhooks)\.", handler));
        Assert.Empty(HandlersIn(Domain));
        Assert.Empty(HandlersIn(Infrastructure));
        Assert.Empty(HandlersIn(Api));
    }

    [Fact]
    public void HandlerRule_FailsOnAHandlerOutsideApplication() =>
        Assert.Equal([typeof(StrayHandler).FullName!], HandlersIn(Violator));

    [Fact]
    public void Aggregate_HasNoPublicSetters() =>
        Assert.Empty(PublicSetters(typeof(Customer)));

    [Fact]
    public void AggregateRule_FailsOnATypeWithAPublicSetter() =>
        Assert.Equal(["Name"], PublicSetters(typeof(OpenAggregate)));
}
