using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.NotificationService.Model;

/// <summary>
/// Name-based ids: the same cause, recipient and channel always give the same notification id, so an
/// event handled twice sends commands the channels recognise as repeats.
/// </summary>
public static class NotificationIds
{
    private static readonly Guid Namespace = new("5b1c3f6e-8f0a-4c59-9d0e-0a6c1f4b7e21");

    public static Guid For(string kind, Guid cause, Guid recipient, string channel) =>
        NameBasedIds.Create(Namespace, $"{kind}|{cause:N}|{recipient:N}|{channel}");
}
