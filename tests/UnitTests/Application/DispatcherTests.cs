using Alvys.Customers.Application.Behaviors;
using Alvys.Customers.Application.Messaging;
using Ardalis.Result;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.UnitTests.Application;

public sealed class DispatcherTests
{
    public sealed record Ping(string Text) : IRequest<Result<string>>;

    private sealed class PingHandler(List<string> trace) : IRequestHandler<Ping, Result<string>>
    {
        public Task<Result<string>> Handle(Ping request, CancellationToken cancellationToken)
        {
            trace.Add("handler");
            return Task.FromResult(Result.Success("pong:" + request.Text));
        }
    }

    private sealed class PingValidator : AbstractValidator<Ping>
    {
        public PingValidator() => RuleFor(p => p.Text).NotEmpty();
    }

    private sealed class Tracing<TRequest, TResponse>(List<string> trace, string name) : IPipelineBehavior<TRequest, TResponse>
        where TRequest : notnull
    {
        public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
        {
            trace.Add(name + ":before");
            var response = await next();
            trace.Add(name + ":after");
            return response;
        }
    }

    private static (ISender Sender, List<string> Trace) Build(bool withValidation)
    {
        var trace = new List<string>();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(trace);
        services.AddScoped<ISender, Sender>();
        services.AddScoped<IRequestHandler<Ping, Result<string>>, PingHandler>();
        services.AddScoped<IPipelineBehavior<Ping, Result<string>>>(_ => new Tracing<Ping, Result<string>>(trace, "outer"));
        if (withValidation)
        {
            services.AddSingleton<IValidator<Ping>, PingValidator>();
            services.AddScoped<IPipelineBehavior<Ping, Result<string>>, ValidationBehavior<Ping, Result<string>>>();
        }

        services.AddScoped<IPipelineBehavior<Ping, Result<string>>>(_ => new Tracing<Ping, Result<string>>(trace, "inner"));
        return (services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>(), trace);
    }

    [Fact]
    public async Task Send_RunsBehavioursInRegistrationOrderAroundTheHandler()
    {
        var (sender, trace) = Build(withValidation: false);

        var result = await sender.Send(new Ping("a"));

        Assert.Equal("pong:a", result.Value);
        Assert.Equal(["outer:before", "inner:before", "handler", "inner:after", "outer:after"], trace);
    }

    [Fact]
    public async Task ValidationBehaviour_AnswersInvalidWithoutCallingTheHandler()
    {
        var (sender, trace) = Build(withValidation: true);

        var result = await sender.Send(new Ping(""));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Text", Assert.Single(result.ValidationErrors).Identifier);
        Assert.Equal(["outer:before", "outer:after"], trace);
    }

    [Fact]
    public async Task ValidationBehaviour_PassesValidRequestsThrough()
    {
        var (sender, trace) = Build(withValidation: true);

        var result = await sender.Send(new Ping("ok"));

        Assert.True(result.IsSuccess);
        Assert.Contains("handler", trace);
    }

    [Fact]
    public async Task Send_WithoutAHandler_Throws()
    {
        var sender = new ServiceCollection().AddScoped<ISender, Sender>().BuildServiceProvider().GetRequiredService<ISender>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.Send(new Ping("x")));
    }
}
