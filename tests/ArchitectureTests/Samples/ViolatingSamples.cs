using Alvys.Customers.Infrastructure.Cosmos;
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
