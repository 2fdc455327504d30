using System.ComponentModel.DataAnnotations;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// Exceptions that no retry or redelivery can fix: the message goes to its dead-letter queue
/// at once instead of occupying the endpoint for the better part of an hour.
/// </summary>
public static class PermanentFailures
{
    public static readonly IReadOnlyList<Type> ExceptionTypes =
    [
        typeof(InvalidMessageException),
        typeof(ValidationException),
        typeof(SerializationException),
        typeof(JsonException),
        typeof(SagaInstanceMissingException),
    ];

    public static bool IsPermanent(Exception exception) =>
        ExceptionTypes.Any(t => t.IsInstanceOfType(exception));

    public static void IgnorePermanentFailures(this IExceptionConfigurator configurator)
    {
        foreach (var type in ExceptionTypes)
        {
            configurator.Ignore(type);
        }
    }
}
