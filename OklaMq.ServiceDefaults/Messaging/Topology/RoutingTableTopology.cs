using System.Reflection;
using MassTransit;
using OklaMq.Contracts.Routing;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// Makes MassTransit publish every routed message to its exchange of the routing table with its
/// routing key, instead of to a fanout exchange named after the .NET type. A consumer's
/// <c>context.Publish(new VehicleCreatedEvent …)</c> then travels exactly like an event from the
/// event publisher or from a service in another language.
/// </summary>
public static class RoutingTableTopology
{
    private static readonly MethodInfo ApplyRouteMethod =
        typeof(RoutingTableTopology).GetMethod(nameof(ApplyRoute), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void UseRoutingTable(this IRabbitMqBusFactoryConfigurator configurator)
    {
        foreach (var route in MessageRoutes.All)
        {
            ApplyRouteMethod.MakeGenericMethod(route.MessageType).Invoke(null, [configurator, route]);
        }
    }

    private static void ApplyRoute<T>(IRabbitMqBusFactoryConfigurator configurator, MessageRoute route) where T : class
    {
        configurator.Message<T>(m => m.SetEntityName(route.Exchange));
        configurator.Publish<T>(p => p.ExchangeType = route.ExchangeType);
        configurator.Send<T>(s => s.UseRoutingKeyFormatter(_ => route.RoutingKey));
    }
}
