using System.Net;
using System.Text.RegularExpressions;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// MQ-SAGA-003 through the running system, its intervals shrunk to seconds (<see cref="ShrunkSettings"/>):
/// registration over HTTP, the timeouts through the delay queues, the emails through Notification.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed partial class Registering_and_verifying_end_to_end(OklaMqApp app)
{
    private const string Saga = "registration";

    [Fact]
    public async Task Should_remind_then_expire_an_account_that_is_never_verified()
    {
        var userId = await app.RegisterAsync("Luis Reyes");

        var expired = await app.Auth.SagaEventuallyAsync(Saga, userId, "Expired");

        Assert.True((bool)expired["finished"]!);
        Assert.Empty(expired["pendingTimeouts"]!.AsArray());
        Assert.NotNull(expired["data"]!["remindedAt"]);
        await app.NotificationEventuallyAsync(userId, "email", "VerificationReminder");
        await app.NotificationEventuallyAsync(userId, "email", "VerificationExpired");
        Assert.Single(await app.NotificationsOfAsync(userId, "email", "VerificationReminder"));
    }

    [Fact]
    public async Task Should_end_when_the_user_verifies_and_ignore_the_timeouts_that_still_arrive()
    {
        var userId = await app.RegisterAsync("Marta Díaz");
        var waiting = await app.Auth.SagaEventuallyAsync(Saga, userId, "AwaitingVerification");
        Assert.Equal(["reminder", "expiry"], waiting["pendingTimeouts"]!.AsArray().Select(t => (string?)t!["name"]));
        var code = SixDigits().Match((string)(await app.NotificationEventuallyAsync(userId, "email", "EmailVerification"))["body"]!).Value;

        await OklaApis.PostAsync(app.Auth, "/api/auth/verify", new { userId, code }, HttpStatusCode.OK);

        var verified = await app.Auth.SagaEventuallyAsync(Saga, userId, "Verified");
        Assert.Empty(verified["pendingTimeouts"]!.AsArray());
        // The expiry still arrives from the delay queues, and changes nothing.
        var expiryDue = (DateTime)waiting["data"]!["expiryDueAt"]!;
        await Task.Delay(expiryDue - DateTime.UtcNow + TimeSpan.FromSeconds(3) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        Assert.Equal("Verified", (string?)(await app.Auth.SagaAsync(Saga, userId))!["state"]);
        Assert.Empty(await app.NotificationsOfAsync(userId, "email", "VerificationExpired"));
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
