using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Application.Messaging;

/// <summary>
/// Resolves the handler and behaviours of a request from the request scope's container.
/// The only reflection is building one typed invoker per request type, once per process.
/// </summary>
public sealed class Sender(IServiceProvider services) : ISender
{
    private static readonly ConcurrentDictionary<Type, object> Invokers = new();

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invoker = (RequestInvoker<TResponse>)Invokers.GetOrAdd(
            request.GetType(),
            static requestType => Activator.CreateInstance(
                typeof(RequestInvoker<,>).MakeGenericType(requestType, typeof(TResponse)))!);
        return invoker.Invoke(request, services, cancellationToken);
    }

    private abstract class RequestInvoker<TResponse>
    {
        public abstract Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class RequestInvoker<TRequest, TResponse> : RequestInvoker<TResponse>
        where TRequest : IRequest<TResponse>
    {
        public override Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
        {
            var typed = (TRequest)request;
            var handler = services.GetRequiredService<IRequestHandler<TRequest, TResponse>>();
            RequestHandlerDelegate<TResponse> next = () => handler.Handle(typed, cancellationToken);

            var behaviors = services.GetServices<IPipelineBehavior<TRequest, TResponse>>();
            if (behaviors is IPipelineBehavior<TRequest, TResponse>[] { Length: 0 })
            {
                return next();
            }

            // Registration order is outermost first, as in MediatR: wrap from the innermost outwards.
            foreach (var behavior in behaviors.Reverse())
            {
                var inner = next;
                next = () => behavior.Handle(typed, inner, cancellationToken);
            }

            return next();
        }
    }
}
