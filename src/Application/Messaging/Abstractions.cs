namespace Alvys.Customers.Application.Messaging;

// MediatR's shapes, kept name for name: MediatR cannot be restored on the build machines (see
// docs/decisions/0001-in-house-dispatcher.md). Adopting it later is a change of namespace.

/// <summary>A command or query answered with a <typeparamref name="TResponse"/>.</summary>
public interface IRequest<out TResponse>;

public interface IRequestHandler<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken);
}

public delegate Task<TResponse> RequestHandlerDelegate<TResponse>();

/// <summary>Wraps every handler of a request type; registered open-generic, applied in registration order.</summary>
public interface IPipelineBehavior<in TRequest, TResponse>
    where TRequest : notnull
{
    Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}

public interface ISender
{
    Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);
}
