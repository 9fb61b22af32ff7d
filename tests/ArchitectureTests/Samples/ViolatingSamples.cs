using Alvys.Customers.Infrastructure.Cosmos;
using Mediator;
using Microsoft.AspNetCore.Mvc;

// Deliberate violations, compiled into this test assembly so that every rule is seen to fail on one.
namespace Alvys.Customers.ArchitectureTests.Samples.Controllers;

/// <summary>A controller that reaches into Infrastructure, as the controller rule forbids.</summary>
public sealed class LeakyController(CustomerContainer container) : ControllerBase
{
    public string ContainerId() => container.Container.Id;
}

/// <summary>An aggregate whose state anyone can overwrite, as the aggregate rule forbids.</summary>
public sealed class OpenAggregate
{
    public string Name { get; set; } = string.Empty;
}

/// <summary>A command that carries the raw JSON body, as the Application rule forbids: the Api reads bodies.</summary>
public sealed record RawBodyCommand(System.Text.Json.JsonElement Body);

/// <summary>A query handled outside Application, as the handler rule forbids.</summary>
public sealed record StrayQuery : IQuery<string>;

/// <summary>The handler of <see cref="StrayQuery"/>, declared in the wrong assembly.</summary>
public sealed class StrayHandler : IQueryHandler<StrayQuery, string>
{
    public ValueTask<string> Handle(StrayQuery query, CancellationToken cancellationToken) => ValueTask.FromResult("stray");
}
