namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// An event for a saga instance that does not exist, whose missing-instance policy is to dead-letter
/// it: not retried, it goes to the saga endpoint's dead-letter queue with this reason.
/// </summary>
public sealed class SagaInstanceMissingException(string saga, string message, Guid id)
    : Exception($"Saga {saga} has no instance {id} for {message}, and {message} cannot start one.");
