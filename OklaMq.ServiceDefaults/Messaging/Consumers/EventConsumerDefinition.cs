using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Recoverability;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.ServiceDefaults.Messaging.Consumers;

/// <summary>
/// An endpoint of one consumer on its own durable quorum queue, bound to the routing table's
/// exchanges by routing key instead of MassTransit's per-type exchanges, with OklaMq's retry,
/// redelivery, circuit breaker and dead-lettering (<see cref="EndpointPolicies"/>) and its inbox
/// (the consumer runs once per message). By default the queue is bound to the route of every
/// message the consumer consumes; override <see cref="Bindings"/> to bind otherwise (analytics
/// binds <c>#</c>) and <see cref="Retry"/> to give the endpoint its own retry (configuration
/// still wins).
/// </summary>
public abstract class EventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private static readonly MethodInfo AddInboxMethod =
        typeof(EventConsumerDefinition<TConsumer>).GetMethod(nameof(AddInbox), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AddAttemptFiltersMethod =
        typeof(EventConsumerDefinition<TConsumer>).GetMethod(nameof(AddAttemptFilters), BindingFlags.NonPublic | BindingFlags.Static)!;

    protected EventConsumerDefinition(string queueName)
    {
        QueueName = queueName;
        EndpointName = queueName;
    }

    public string QueueName { get; }

    protected virtual IEnumerable<QueueBinding> Bindings =>
        ConsumedMessageTypes.Select(MessageRoutes.Of).Select(QueueBinding.To);

    /// <summary>
    /// How the inbox keeps the consumer's effects once: <see cref="InboxMode.ClaimFirst"/> unless the
    /// consumer's only effects are the Redis writes it records through <see cref="MessageEffects"/>.
    /// </summary>
    protected virtual InboxMode Inbox => InboxMode.ClaimFirst;

    /// <summary>This endpoint's retry when configuration sets none for it; null for the service's.</summary>
    protected virtual RetrySettings? Retry => null;

    /// <summary>The message types of the consumer's <c>IConsumer&lt;T&gt;</c> interfaces.</summary>
    public static IEnumerable<Type> ConsumedMessageTypes =>
        typeof(TConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // The queue is this endpoint's, or one partition queue of it ("analytics-events-p2").
        var identity = new EndpointIdentity(EndpointAddresses.QueueOf(endpointConfigurator.InputAddress), QueueName);

        // MassTransit's in-memory test harness keeps its retry defaults: specs exercise the consumer, not the broker.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            EndpointPolicies.Apply(rabbit, identity, Bindings, Retry, context);
            // In the consumer's pipe, in front of the inbox: they fail inside the consume attempt.
            foreach (var messageType in ConsumedMessageTypes)
            {
                AddAttemptFiltersMethod.MakeGenericMethod(messageType).Invoke(null, [consumerConfigurator, identity, context]);
            }
        }
        if (context.GetService<RedisInbox>() is { } inbox)
        {
            var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("OklaMq.Messaging.Inbox");
            foreach (var messageType in ConsumedMessageTypes)
            {
                AddInboxMethod.MakeGenericMethod(messageType).Invoke(null, [consumerConfigurator, identity.Endpoint, Inbox, inbox, logger]);
            }
        }
    }

    private static void AddAttemptFilters<TMessage>(IConsumerConfigurator<TConsumer> consumer, EndpointIdentity identity, IRegistrationContext context)
        where TMessage : class =>
        consumer.ConsumerMessage<TMessage>(m => AttemptFilters.Apply<ConsumerConsumeContext<TConsumer, TMessage>, TMessage>(m, identity, context));

    private static void AddInbox<TMessage>(IConsumerConfigurator<TConsumer> consumer, string endpoint, InboxMode mode, RedisInbox inbox, ILogger logger)
        where TMessage : class =>
        consumer.ConsumerMessage<TMessage>(m => m.UseFilter(new InboxFilter<TConsumer, TMessage>(endpoint, mode, inbox, logger)));
}
