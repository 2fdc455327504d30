namespace OklaMq.ServiceDefaults.Messaging;

public static class EndpointAddresses
{
    /// <summary>The queue of a MassTransit address: its last path segment ("rabbitmq://host/vhost/vehicle-created" → "vehicle-created").</summary>
    public static string QueueOf(Uri address) =>
        address.Scheme == "queue" ? address.AbsolutePath : address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
}
