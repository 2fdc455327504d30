using MassTransit;
using MassTransit.Configuration;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.Health;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// Everything that happens to a message on an OklaMq endpoint (docs/recovery.md), outermost first:
/// one ordering key at a time per partition; redelivery through the delay queues (5, 15, 30 min)
/// once immediate retries (exponential, 5) are spent; dependency failures (Redis, a busy inbox)
/// retried in place; contract violations skip all retries; then the dead-letter queue. The
/// circuit breaker stops the endpoint while too many messages fail.
/// </summary>
public static class EndpointPolicies
{
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, EndpointIdentity identity, IEnumerable<QueueBinding> bindings, RetrySettings? defaultRetry, IRegistrationContext context)
    {
        var settings = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
        var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("OklaMq.Messaging.Recoverability");

        EndpointTopology.Apply(endpoint, identity, bindings, settings);
        var sequencer = new DeliverySequencer(settings.Ordering.DeliveryGapTimeout, logger);
        context.GetRequiredService<EndpointQueues>().Add(identity.Queue, EndpointTopology.QueueArguments(identity, settings));
        endpoint.ConfigureError(error => error.UseFilter(new DeadLetterErrorFilter(identity, sequencer, logger)));
        endpoint.ConfigureDeadLetter(skipped => skipped.UseFilter(new DeadLetterSkippedFilter(identity, logger)));
        // The dead-letter queue and the fault store are the record of a failure; a Fault<T> event
        // would go to an exchange per message type that nobody consumes, and each service's broker
        // user would need rights on all of them.
        endpoint.PublishFaults = false;

        var status = context.GetRequiredService<EndpointStatusRegistry>();
        status.Register(identity.Queue);
        endpoint.ConnectReceiveEndpointObserver(new EndpointStatusObserver(identity.Queue, status));

        // Before the message-type pipes: the scheduler scheduled redelivery looks for, and the
        // partitioner, outside the retries so a message being retried keeps its key's place.
        endpoint.AddPrePipeSpecification(new FilterPipeSpecification<ConsumeContext>(
            new DelayQueueSchedulerFilter(context.GetRequiredService<DelayTopology>(), context.GetRequiredService<TimeProvider>())));
        endpoint.AddPrePipeSpecification(new FilterPipeSpecification<ConsumeContext>(new OrderedPartitionFilter(settings.Ordering.Partitions, sequencer)));

        endpoint.UseScheduledRedelivery(r =>
        {
            r.Intervals(settings.RedeliveryFor(identity.Endpoint).EffectiveIntervals.ToArray());
            r.IgnorePermanentFailures();
            // The inbox recognises a redelivered message by its id. (The scheduled-redelivery
            // specification is a redelivery configurator; its extension method only exposes the retry part.)
            ((IRedeliveryConfigurator)r).ReplaceMessageId = false;
        });
        endpoint.UseMessageRetry(r =>
        {
            ConfigureRetry(r, settings.RetryFor(identity.Endpoint, defaultRetry));
            r.IgnorePermanentFailures();
            // Retried in place below; once that gives up, the message goes to a scheduled redelivery.
            r.IgnoreTransientDependencyFailures();
        });
        endpoint.UseMessageRetry(r =>
        {
            r.Interval(settings.DependencyRetryLimit, settings.DependencyRetryInterval);
            r.HandleTransientDependencyFailures();
        });
        // No in-memory outbox: a consumer's publishes leave as it makes them. Their ids are derived
        // from the message (notification ids), so a retried attempt publishes the same commands and
        // their consumers' inboxes take them once; the inbox commits after them, not before.

        // Every filter on ConsumeContext runs inside the message retry, whatever the order they are
        // added in: the breaker sees each attempt (injected faults and invalid messages too: the
        // consumer's or saga's pipe adds AttemptFilters, inside this one), and stops the endpoint
        // while too many messages fail.
        var breaker = new EndpointCircuitBreaker(identity, settings.CircuitBreaker, status, context.GetRequiredService<TimeProvider>(), logger);
        endpoint.ConnectReceiveEndpointObserver(breaker);
        endpoint.UseFilter(breaker);
    }

    private static void ConfigureRetry(IRetryConfigurator retry, RetrySettings settings)
    {
        if (settings.Intervals.Length > 0)
        {
            retry.Intervals(settings.Intervals);
        }
        else
        {
            retry.Exponential(settings.Limit, settings.MinInterval, settings.MaxInterval, settings.IntervalDelta);
        }
    }
}
