namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary>A consumer whose endpoint is ordered across instances (registered by <see cref="OrderedConsumerExtensions.AddOrderedConsumer{TConsumer, TDefinition}"/>).</summary>
public sealed record PartitionedEndpoint(Type ConsumerType, string Endpoint);
