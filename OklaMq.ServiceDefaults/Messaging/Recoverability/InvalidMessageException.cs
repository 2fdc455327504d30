namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// A message that can never be processed as it is (it deserialized, but breaks its contract).
/// Not retried and not redelivered: it goes straight to its dead-letter queue with this reason.
/// </summary>
public sealed class InvalidMessageException(string messageType, IReadOnlyList<string> errors)
    : Exception($"{messageType} is invalid: {string.Join("; ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
