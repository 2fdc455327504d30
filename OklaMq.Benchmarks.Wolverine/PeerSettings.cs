namespace OklaMq.Benchmarks.Wolverine;

/// <summary>The <c>Peer</c> section: which half of the peer this process is, and how durable.</summary>
public sealed class PeerSettings
{
    public const string SectionName = "Peer";

    /// <summary>Vehicles' create endpoint that publishes, or Analytics' consumer.</summary>
    public PeerRole Role { get; set; } = PeerRole.Publisher;

    /// <summary>On: PostgreSQL inbox and outbox (<c>ConnectionStrings:postgres</c>). Off: buffered, in memory only.</summary>
    public bool Durable { get; set; }

    /// <summary>The exchange the publisher sends to and the consumer's queue is bound to.</summary>
    public const string Exchange = "wolverine.vehicle.events";

    public const string Queue = "wolverine-vehicle-created";
}

public enum PeerRole
{
    Publisher,
    Consumer,
}
