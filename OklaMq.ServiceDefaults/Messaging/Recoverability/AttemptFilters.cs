using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.FaultInjection;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Validation;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// What runs first in a consumer's or a saga's own pipe for each message type, so that it happens
/// inside the consume attempt's span and is counted as an attempt: fault injection (when on), then
/// contract validation. Consumers (<c>EventConsumerDefinition</c>) and sagas (<c>EventSagaDefinition</c>)
/// both add it, so a fault or an invalid message behaves the same on either.
/// </summary>
public static class AttemptFilters
{
    public static void Apply<TContext, TMessage>(IPipeConfigurator<TContext> pipe, EndpointIdentity endpoint, IRegistrationContext context)
        where TContext : class, ConsumeContext<TMessage>
        where TMessage : class
    {
        if (context.GetRequiredService<IOptions<FaultInjectionOptions>>().Value.Enabled)
        {
            var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("OklaMq.Messaging.FaultInjection");
            pipe.UseFilter(new FaultInjectionFilter<TContext, TMessage>(endpoint, context.GetRequiredService<IConnectionMultiplexer>(), logger));
        }
        pipe.UseFilter(new ContractValidationFilter<TContext, TMessage>());
    }
}
