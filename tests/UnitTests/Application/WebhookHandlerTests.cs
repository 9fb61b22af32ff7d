using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>The webhook use cases through the mediator, over stores and endpoints in memory.</summary>
public sealed class WebhookHandlerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-hooks");
    private readonly InMemoryWebhookRepository _store = new();
    private readonly FakeWebhookEndpoints _endpoints = new();
    private readonly RecordedVerifications _verifications = new();
    private readonly ISender _sender;

    public WebhookHandlerTests()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IWebhookRepository>(_store)
            .AddSingleton<IWebhookEndpoints>(_endpoints)
            .AddSingleton<IWebhookVerifications>(_verifications);
        _sender = FakeStoreServices.Over(new InMemoryCustomerRepository(), services).BuildServiceProvider().GetRequiredService<ISender>();
    }

    private async Task<WebhookWithSecretResponse> CreateAsync(string url = "https://hooks.partner.example/a")
    {
        var created = await _sender.Send(new CreateWebhook(Tenant, new NewWebhook { Name = "ERP", Url = url, Events = [CustomerEventType.Updated] }));
        Assert.True(created.IsSuccess, created.Name);
        return created.Value;
    }

    private Task<Outcome<WebhookResponse>> PatchAsync(WebhookResponse current, WebhookPatch patch) =>
        _sender.Send(new UpdateWebhook(Tenant, current.Id, patch, IfMatch.OneOf([current.ETag]))).AsTask();

    [Fact]
    public async Task Create_AsksForVerification_AndThe21stIsWebhookLimitReached()
    {
        for (var i = 0; i < Webhook.MaxPerTenant; i++)
        {
            await CreateAsync();
        }

        var refused = await _sender.Send(new CreateWebhook(Tenant, new NewWebhook { Name = "One more", Url = "https://hooks.partner.example/b", Events = [CustomerEventType.Created] }));

        Assert.IsType<CustomerFailure.WebhookLimitReached>(refused.Failure);
        Assert.Equal(Webhook.MaxPerTenant, _verifications.Requested.Count);
    }

    [Fact]
    public async Task Create_ReportsEveryBrokenRuleAtOnce()
    {
        var refused = await _sender.Send(new CreateWebhook(Tenant, new NewWebhook { Name = " ", Url = "https://10.0.0.1/x", Events = [] }));

        var invalid = Assert.IsType<CustomerFailure.Invalid>(refused.Failure);
        Assert.Equal(["Events", "Name", "Url"], invalid.Errors.Select(e => e.Identifier).Order());
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task Patch_WithNothingThatChanges_WritesNothing_AndKeepsTheVersion()
    {
        var created = await CreateAsync();
        var writes = _store.Writes;

        var same = await PatchAsync(created, new WebhookPatch { Name = "ERP", Events = new[] { CustomerEventType.Updated }, IncludePreviousAttributes = false, Url = "https://hooks.partner.example/a" });

        Assert.Equal(writes, _store.Writes);
        Assert.Equal(created.ETag, same.Value.ETag);

        // Still awaiting verification and asked to be Active: no write, but verification is asked for again.
        var asked = _verifications.Requested.Count;
        var again = await PatchAsync(same.Value, new WebhookPatch { Status = WebhookStatus.Active });
        Assert.Equal((writes, created.ETag), (_store.Writes, again.Value.ETag));
        Assert.Equal(asked + 1, _verifications.Requested.Count);
    }

    [Fact]
    public async Task Patch_IncludePreviousAttributesNull_ReturnsItToFalse()
    {
        var created = await CreateAsync();
        var on = await PatchAsync(created, new WebhookPatch { IncludePreviousAttributes = true });
        Assert.True(on.Value.IncludePreviousAttributes);

        var off = await PatchAsync(on.Value, new WebhookPatch { IncludePreviousAttributes = Optional<bool>.Null });

        Assert.False(off.Value.IncludePreviousAttributes);
    }

    [Fact]
    public async Task Verify_MakesAnEchoingEndpointActive_AndAFailingOnePendingWithVerificationFailed()
    {
        var echoing = await CreateAsync();
        Assert.Equal(WebhookStatus.Active, (await _sender.Send(new VerifyWebhook(Tenant, Id(echoing)))).Value);

        _endpoints.Echo = false;
        var failing = await CreateAsync("https://hooks.partner.example/failing");
        Assert.Equal(WebhookStatus.Pending, (await _sender.Send(new VerifyWebhook(Tenant, Id(failing)))).Value);
        var stored = (await _store.FindAsync(Tenant, Id(failing), CancellationToken.None))!.Webhook;
        Assert.Equal(WebhookStatusReason.VerificationFailed, stored.StatusReason);

        // Nothing left to verify: no second challenge.
        Assert.Null((await _sender.Send(new VerifyWebhook(Tenant, Id(echoing)))).Value);
        Assert.Equal(2, _endpoints.Challenged.Count);
    }

    [Fact]
    public async Task Verify_AfterARenameLandedMeanwhile_AppliesTheAnswerToTheNewVersion_ButNotAfterARetarget()
    {
        var renamed = await CreateAsync();
        _store.BeforeReplace = () =>
        {
            _store.BeforeReplace = null;
            var current = _store.FindAsync(Tenant, Id(renamed), CancellationToken.None).Result!;
            current.Webhook.Rename("Renamed meanwhile", DateTimeOffset.UtcNow);
            Assert.NotNull(_store.ReplaceAsync(current.Webhook, current.ETag, CancellationToken.None).Result);
        };

        Assert.Equal(WebhookStatus.Active, (await _sender.Send(new VerifyWebhook(Tenant, Id(renamed)))).Value);
        var stored = (await _store.FindAsync(Tenant, Id(renamed), CancellationToken.None))!.Webhook;
        Assert.Equal(("Renamed meanwhile", WebhookStatus.Active), (stored.Name, stored.Status));

        var moved = await CreateAsync();
        _store.BeforeReplace = () =>
        {
            _store.BeforeReplace = null;
            var current = _store.FindAsync(Tenant, Id(moved), CancellationToken.None).Result!;
            current.Webhook.Retarget(WebhookUrl.Create("https://hooks.partner.example/elsewhere", false).Value, DateTimeOffset.UtcNow);
            Assert.NotNull(_store.ReplaceAsync(current.Webhook, current.ETag, CancellationToken.None).Result);
        };

        Assert.Null((await _sender.Send(new VerifyWebhook(Tenant, Id(moved)))).Value);
        stored = (await _store.FindAsync(Tenant, Id(moved), CancellationToken.None))!.Webhook;
        Assert.True(stored.AwaitsVerification);
    }

    [Fact]
    public async Task Rotate_RetriesOverAWriteInBetween_AndTheOldSecretStillSigns()
    {
        var created = await CreateAsync();
        _store.BeforeReplace = () =>
        {
            _store.BeforeReplace = null;
            var current = _store.FindAsync(Tenant, Id(created), CancellationToken.None).Result!;
            current.Webhook.Verified(echoed: true, DateTimeOffset.UtcNow);
            Assert.NotNull(_store.ReplaceAsync(current.Webhook, current.ETag, CancellationToken.None).Result);
        };

        var rotated = await _sender.Send(new RotateWebhookSecret(Tenant, created.Id));

        Assert.True(rotated.IsSuccess, rotated.Name);
        Assert.NotEqual(created.Secret, rotated.Value.Secret);
        Assert.Equal(WebhookStatus.Active, rotated.Value.Status);
        var stored = (await _store.FindAsync(Tenant, Id(created), CancellationToken.None))!.Webhook;
        Assert.Equal(created.Secret, stored.SecondSecretAt(DateTimeOffset.UtcNow)!.Value);
    }

    private static WebhookId Id(WebhookResponse webhook) => WebhookId.TryParse(webhook.Id, out var id) ? id : throw new InvalidOperationException(webhook.Id);
}
