using OklaMq.NotificationService.Model;

namespace OklaMq.Tests.Specs.Notification;

/// <summary>
/// A consumer that runs again (its inbox claim expired after a crash) sends the same commands,
/// which the channels' inboxes then take once: notification ids depend only on what caused them.
/// </summary>
public sealed class Deriving_notification_ids
{
    private readonly Guid _cause = Guid.NewGuid();
    private readonly Guid _recipient = Guid.NewGuid();

    [Fact]
    public void Should_give_the_same_id_for_the_same_cause_recipient_and_channel() =>
        Assert.Equal(NotificationIds.For("VehicleCreated", _cause, _recipient, "push"), NotificationIds.For("VehicleCreated", _cause, _recipient, "push"));

    [Fact]
    public void Should_give_different_ids_for_another_channel_recipient_or_cause()
    {
        var id = NotificationIds.For("VehicleCreated", _cause, _recipient, "push");

        Assert.NotEqual(id, NotificationIds.For("VehicleCreated", _cause, _recipient, "email"));
        Assert.NotEqual(id, NotificationIds.For("VehicleCreated", _cause, Guid.NewGuid(), "push"));
        Assert.NotEqual(id, NotificationIds.For("VehicleCreated", Guid.NewGuid(), _recipient, "push"));
        Assert.NotEqual(id, NotificationIds.For("VehicleAlertMatched", _cause, _recipient, "push"));
    }
}
