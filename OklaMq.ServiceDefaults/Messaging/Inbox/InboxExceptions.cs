namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>Another delivery of the same message is being processed (or crashed and its claim has not expired yet). Retried.</summary>
public sealed class InboxBusyException(string key)
    : Exception($"Message {key} is being processed by another delivery; retrying once it finishes or its claim expires.");

/// <summary>This delivery's claim expired before it committed; its effects were not applied. Retried.</summary>
public sealed class InboxClaimLostException(string key)
    : Exception($"The claim on message {key} expired before its effects committed; nothing was applied.");
