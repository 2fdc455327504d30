using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// Failures that say nothing about the message: Redis is unreachable, or another delivery of the
/// same message holds it. They are retried in place until they pass, so no message is processed
/// unchecked, none is dead-lettered because Redis restarted, and none trips the circuit breaker.
/// </summary>
public static class TransientDependencyFailures
{
    public static readonly Type[] ExceptionTypes =
    [
        typeof(RedisConnectionException),
        typeof(RedisTimeoutException),
        typeof(InboxBusyException),
        typeof(InboxClaimLostException),
    ];

    public static void HandleTransientDependencyFailures(this IExceptionConfigurator configurator) => configurator.Handle(ExceptionTypes);

    public static void IgnoreTransientDependencyFailures(this IExceptionConfigurator configurator) => configurator.Ignore(ExceptionTypes);
}
