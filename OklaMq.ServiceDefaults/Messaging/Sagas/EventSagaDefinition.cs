using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Recoverability;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// A saga's endpoint, as <c>EventConsumerDefinition</c> is a consumer's: its own quorum queue
/// (<c>&lt;saga&gt;-saga</c>) bound by routing key to the route of every event of the state machine
/// that is on the routing table (its timeouts arrive through the delay queues), with everything
/// <see cref="EndpointPolicies"/> gives an OklaMq endpoint (partitioning, retry, redelivery through
/// the delay queues, breaker, dead-letter queue, and the scheduler its timeouts use) and, in its
/// own pipe, what a consume attempt starts with (<see cref="AttemptFilters"/>: fault injection,
/// contract validation). Innermost, a retry of version conflicts only
/// (<see cref="SagaOptions.ConflictRetryLimit"/>, 5 ms to 1 s apart with jitter): a conflict says another message changed the instance first, so
/// the message is tried again at once on the new version without spending its retries, its
/// redeliveries or the breaker's patience. The inbox is in the repository (one script with the commit).
/// </summary>
public sealed class EventSagaDefinition<TInstance> : SagaDefinition<TInstance>
    where TInstance : class, IDurableSagaInstance
{
    private static readonly MethodInfo AddAttemptFiltersMethod =
        typeof(EventSagaDefinition<TInstance>).GetMethod(nameof(AddAttemptFilters), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly DurableSaga<TInstance> _saga;

    public EventSagaDefinition(DurableSaga<TInstance> saga)
    {
        _saga = saga;
        EndpointName = saga.Queue;
    }

    /// <summary>The routes of the state machine's events that are on the routing table.</summary>
    public static IEnumerable<QueueBinding> Bindings(SagaStateMachine<TInstance> machine) =>
        MessageTypes(machine)
            .Select(type => MessageRoutes.TryOf(type, out var route) ? QueueBinding.To(route) : null)
            .OfType<QueueBinding>();

    /// <summary>The message types of the state machine's events, its timeouts included.</summary>
    private static IEnumerable<Type> MessageTypes(SagaStateMachine<TInstance> machine) =>
        machine.Events
            .Select(e => e.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>))?.GetGenericArguments()[0])
            .OfType<Type>()
            .Distinct();

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TInstance> sagaConfigurator, IRegistrationContext context)
    {
        // MassTransit's in-memory test harness keeps its own transport defaults, as consumer specs do.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            var machine = context.GetRequiredService<SagaStateMachine<TInstance>>();
            var identity = new EndpointIdentity(_saga.Queue, _saga.Queue);
            EndpointPolicies.Apply(rabbit, identity, Bindings(machine), defaultRetry: null, context);
            foreach (var messageType in MessageTypes(machine))
            {
                AddAttemptFiltersMethod.MakeGenericMethod(messageType).Invoke(null, [sagaConfigurator, identity, context]);
            }
        }
        var limit = context.GetRequiredService<IOptions<SagaOptions>>().Value.ConflictRetryLimit;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Exponential(limit, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
        });
    }

    private static void AddAttemptFilters<TMessage>(ISagaConfigurator<TInstance> saga, EndpointIdentity identity, IRegistrationContext context)
        where TMessage : class =>
        saga.SagaMessage<TMessage>(m => AttemptFilters.Apply<SagaConsumeContext<TInstance, TMessage>, TMessage>(m, identity, context));
}
