using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.FaultInjection;
using OklaMq.ServiceDefaults.Messaging.Health;
using OklaMq.ServiceDefaults.Messaging.Topology;
using OklaMq.ServiceDefaults.Messaging.Validation;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// Everything that happens to a failing message on an OklaMq endpoint (docs/recovery.md), outermost first:
/// redelivery through the delay queues (5, 15, 30 min) once immediate retries (exponential, 5) are
/// spent; contract violations skip both; then the dead-letter queue. The circuit breaker stops the
/// endpoint while too many messages fail.
/// </summary>
public static class EndpointPolicies
{
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, string queue, IEnumerable<QueueBinding> bindings, RetrySettings? defaultRetry, IRegistrationContext context)
    {
        var settings = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
        var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("OklaMq.Messaging.Recoverability");

        EndpointTopology.Apply(endpoint, queue, bindings, settings);
        endpoint.ConfigureError(error => error.UseFilter(new DeadLetterErrorFilter(queue, logger)));
        endpoint.ConfigureDeadLetter(skipped => skipped.UseFilter(new DeadLetterSkippedFilter(queue, logger)));

        var status = context.GetRequiredService<EndpointStatusRegistry>();
        status.Register(queue);
        var observer = new EndpointStatusObserver(queue, status);
        endpoint.ConnectReceiveEndpointObserver(observer);

        // Before the message-type pipes, where scheduled redelivery looks for the scheduler.
        endpoint.AddPrePipeSpecification(new FilterPipeSpecification<ConsumeContext>(
            new DelayQueueSchedulerFilter(context.GetRequiredService<DelayTopology>(), context.GetRequiredService<TimeProvider>())));
        endpoint.UseScheduledRedelivery(r =>
        {
            r.Intervals(settings.RedeliveryFor(queue).EffectiveIntervals.ToArray());
            r.IgnorePermanentFailures();
            // The inbox recognises a redelivered message by its id. (The scheduled-redelivery
            // specification is a redelivery configurator; its extension method only exposes the retry part.)
            ((IRedeliveryConfigurator)r).ReplaceMessageId = false;
        });
        endpoint.UseMessageRetry(r =>
        {
            ConfigureRetry(r, settings.RetryFor(queue, defaultRetry));
            r.IgnorePermanentFailures();
        });
        // Every filter on ConsumeContext runs inside the message retry, whatever the order they are
        // added in: the breaker sees each attempt, and stops the endpoint while too many messages fail.
        var breaker = new EndpointCircuitBreaker(queue, settings.CircuitBreaker, status, context.GetRequiredService<TimeProvider>(), logger);
        endpoint.ConnectReceiveEndpointObserver(breaker);
        endpoint.UseFilter(breaker);
        // Messages a consumer publishes leave only when it succeeds, not once per failed attempt.
        endpoint.UseInMemoryOutbox(context);

        if (context.GetRequiredService<IOptions<FaultInjectionOptions>>().Value.Enabled)
        {
            endpoint.UseFilter(new FaultInjectionFilter(queue, context.GetRequiredService<IConnectionMultiplexer>(), logger));
        }
        endpoint.UseConsumeFilter(typeof(ContractValidationFilter<>), context);
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
