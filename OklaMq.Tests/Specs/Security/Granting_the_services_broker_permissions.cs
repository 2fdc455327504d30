using System.Text.RegularExpressions;
using OklaMq.AnalyticsService.Consumers;
using OklaMq.Contracts.Routing;
using OklaMq.Hosting.RabbitMq;
using OklaMq.NotificationService.Consumers;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.Tests.Specs.Security;

/// <summary>
/// The services' broker permissions (<see cref="ServicePermissions"/>) name what the services
/// declare, publish and consume, as the services' own code names it, and allow nothing around it.
/// The broker itself checks them in the end-to-end tests (Security/); here, the names cannot drift.
/// </summary>
public sealed class Granting_the_services_broker_permissions
{
    [Fact]
    public void Should_name_every_notification_endpoint_and_no_other()
    {
        var endpoints = typeof(VehicleCreatedNotifier).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(EventConsumerDefinition<>))
            .Select(t => (string)t.GetProperty("QueueName")!.GetValue(Activator.CreateInstance(t))!);

        Assert.Equal(endpoints.Order(), ServicePermissions.NotificationQueues.Order());
        Assert.Equal(ServicePermissions.AnalyticsEndpoint, new AnalyticsEventConsumerDefinition().QueueName);
    }

    [Fact]
    public void Should_name_the_fault_store_delay_queues_and_bus_endpoints_as_the_services_do()
    {
        Assert.Equal(DeadLetterQueues.FaultStoreQueue, ServicePermissions.FaultStoreQueue);
        var delays = new DelayTopology(new RabbitMqSettings().DelayLevels);
        Assert.All(Enumerable.Range(0, delays.Levels).Select(DelayTopology.LevelName).Append(DelayTopology.DeliveryExchange),
            name => Assert.Matches($"^{ServicePermissions.DelayTopologyPattern}$", name));
        Assert.Matches($"^{ServicePermissions.BusEndpointPattern("billing")}$", BrokerAddress.BusEndpointName("billing"));
    }

    [Theory]
    [InlineData("notification", "configure", "vehicle-created", true)]
    [InlineData("notification", "configure", "vehicle-created-dlq", true)]
    [InlineData("notification", "configure", "fault-store", true)]
    [InlineData("notification", "configure", "okla.delay.27", true)]
    [InlineData("notification", "configure", "notification_bus_b3k4", true)]
    [InlineData("notification", "configure", "analytics-events-p0", false)]
    [InlineData("notification", "configure", "vehicle-created-x", false)]
    [InlineData("notification", "configure", "billing_bus_b3k4", false)]
    [InlineData("notification", "write", "vehicle.events", false)]
    [InlineData("notification", "write", "notification.commands", true)]
    [InlineData("notification", "write", "dlx", true)]
    [InlineData("notification", "read", "payment-success", true)]
    [InlineData("analytics", "configure", "analytics-events-p3", true)]
    [InlineData("analytics", "configure", "analytics-events-partitions", true)]
    [InlineData("analytics", "read", "vehicle.events", true)]
    [InlineData("analytics", "write", "vehicle.events", false)]
    [InlineData("analytics", "read", "vehicle-created", false)]
    [InlineData("vehicles", "write", "vehicle.events", true)]
    [InlineData("vehicles", "write", "lead.events", true)]
    [InlineData("vehicles", "write", "user.events", false)]
    [InlineData("vehicles", "configure", "vehicle-created", false)]
    [InlineData("billing", "configure", "okla.delay.00", true)]
    [InlineData("billing", "read", "payment-requests", true)]
    [InlineData("billing", "configure", "vehicle-sale-saga", false)]
    [InlineData("billing", "write", "vehicle.commands", false)]
    [InlineData("vehicles", "write", "billing.commands", true)]
    [InlineData("vehicles", "read", "billing.events", true)]
    [InlineData("vehicles", "read", "payment-requests", false)]
    [InlineData("vehicles", "configure", "okla.delay.00", true)]
    [InlineData("vehicles", "configure", "lead-follow-up-saga", true)]
    [InlineData("vehicles", "read", "lead.events", true)]
    [InlineData("vehicles", "write", "notification.commands", true)]
    [InlineData("vehicles", "read", "registration-saga", false)]
    [InlineData("auth", "read", "registration-saga", true)]
    [InlineData("auth", "configure", "registration-saga-dlq", true)]
    [InlineData("auth", "configure", "lead-follow-up-saga", false)]
    [InlineData("vehicles", "read", "vehicle.events", false)]
    [InlineData("billing", "read", "vehicle-created", false)]
    [InlineData("billing", "write", "billing.events", true)]
    [InlineData("auth", "write", "notification.commands", true)]
    [InlineData("auth", "write", "user.events", true)]
    [InlineData("deadletters", "read", "payment-success-dlq", true)]
    [InlineData("deadletters", "read", "fault-store", true)]
    [InlineData("deadletters", "read", "payment-success", false)]
    [InlineData("deadletters", "write", "amq.default", true)]
    [InlineData("deadletters", "write", "vehicle.events", false)]
    [InlineData("deadletters", "configure", "payment-success-dlq", false)]
    public void Should_allow_a_service_what_it_does_and_nothing_around_it(string service, string permission, string resource, bool allowed)
    {
        var permissions = ServicePermissions.For(service);
        var pattern = permission switch
        {
            "configure" => permissions.Configure,
            "write" => permissions.Write,
            _ => permissions.Read,
        };

        Assert.Equal(allowed, Regex.IsMatch(resource, pattern));
    }

    [Fact]
    public void Should_refuse_a_service_it_does_not_know()
    {
        var error = Assert.Throws<ArgumentException>(() => ServicePermissions.For("payments"));
        Assert.Contains("No broker permissions are defined for service 'payments'", error.Message);
    }
}
