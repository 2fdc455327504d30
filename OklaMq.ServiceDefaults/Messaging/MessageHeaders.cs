namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>Headers OklaMq adds to messages, beyond MassTransit's.</summary>
public static class MessageHeaders
{
    /// <summary>The value that orders a message among others (for example the dealer id); hashed by partitioned exchanges.</summary>
    public const string OrderingKey = "okla-ordering-key";
}
