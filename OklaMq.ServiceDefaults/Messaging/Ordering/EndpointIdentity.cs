namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary>
/// Which queue an endpoint consumes (<paramref name="Queue"/>) and the endpoint it belongs to
/// (<paramref name="Endpoint"/>): the same, except for the partition queues of an endpoint ordered
/// across instances ("analytics-events-p2" of "analytics-events"), which share the endpoint's
/// inbox and dead-letter queue.
/// </summary>
public sealed record EndpointIdentity(string Queue, string Endpoint)
{
    public bool IsPartition => Queue != Endpoint;

    public static string PartitionQueue(string endpoint, int partition) => $"{endpoint}-p{partition}";

    /// <summary>The consistent-hash exchange that spreads an ordered endpoint's messages over its partition queues.</summary>
    public static string PartitionExchange(string endpoint) => $"{endpoint}-partitions";
}
