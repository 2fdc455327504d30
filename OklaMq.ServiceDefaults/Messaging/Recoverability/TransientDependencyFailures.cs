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

    /// <summary>Redis answers, but is still loading its data after a restart.</summary>
    public static bool IsLoading(RedisServerException exception) => exception.Message.StartsWith("LOADING", StringComparison.Ordinal);

    public static bool IsTransient(Exception exception) =>
        ExceptionTypes.Any(t => t.IsInstanceOfType(exception)) || exception is RedisServerException server && IsLoading(server);

    public static void HandleTransientDependencyFailures(this IExceptionConfigurator configurator)
    {
        configurator.Handle(ExceptionTypes);
        configurator.Handle<RedisServerException>(IsLoading);
    }

    public static void IgnoreTransientDependencyFailures(this IExceptionConfigurator configurator)
    {
        configurator.Ignore(ExceptionTypes);
        configurator.Ignore<RedisServerException>(IsLoading);
    }
}
