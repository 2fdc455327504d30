using System.Text.RegularExpressions;
using MassTransit;
using OklaMq.NotificationService.Consumers;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.Tests.Specs.Notification;

public sealed partial class Declaring_the_notification_queues
{
    /// <summary>Every event consumer of Notification, with its definition.</summary>
    public static TheoryData<Type, Type> EventConsumers => new()
    {
        { typeof(VehicleCreatedNotifier), typeof(VehicleCreatedNotifierDefinition) },
        { typeof(VehicleSoldNotifier), typeof(VehicleSoldNotifierDefinition) },
        { typeof(UserRegisteredNotifier), typeof(UserRegisteredNotifierDefinition) },
        { typeof(UserVerifiedNotifier), typeof(UserVerifiedNotifierDefinition) },
        { typeof(PaymentSuccessNotifier), typeof(PaymentSuccessNotifierDefinition) },
        { typeof(PaymentFailedNotifier), typeof(PaymentFailedNotifierDefinition) },
        { typeof(SubscriptionCreatedNotifier), typeof(SubscriptionCreatedNotifierDefinition) },
        { typeof(SubscriptionCancelledNotifier), typeof(SubscriptionCancelledNotifierDefinition) },
        { typeof(LeadCreatedNotifier), typeof(LeadCreatedNotifierDefinition) },
    };

    [Theory]
    [MemberData(nameof(EventConsumers))]
    public void Should_name_each_queue_after_its_one_event(Type consumer, Type definition)
    {
        var consumed = consumer.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToList();
        var queue = (string)definition.GetProperty(nameof(EventConsumerDefinition<VehicleCreatedNotifier>.QueueName))!.GetValue(Activator.CreateInstance(definition))!;

        var message = Assert.Single(consumed);
        Assert.Equal(Kebab(message.Name[..^"Event".Length]), queue);
    }

    [Fact]
    public void Should_declare_every_event_consumer_here()
    {
        var notifiers = typeof(UserNotifier).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(UserNotifier).Namespace)
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
            .ToHashSet();

        Assert.Equal(notifiers, EventConsumers.Select(row => (Type)row[0]).ToHashSet());
    }

    private static string Kebab(string pascal) => Uppercase().Replace(pascal, "-$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Uppercase();
}
