using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        var email = $"user-{Guid.NewGuid():N}@example.test";
        var account = new { email, fullName = "Luis Reyes", password = "correct horse battery" };
        var userId = Guid.Parse((string)(await OklaApis.PostAsync(app.Auth, "/api/auth/register", account))["userId"]!);
        var code = await CodeAsync(userId);

        var expired = await app.Auth.SagaEventuallyAsync(Saga, userId, "Expired");

        Assert.True((bool)expired["finished"]!);
        Assert.Empty(expired["pendingTimeouts"]!.AsArray());
        Assert.NotNull(expired["data"]!["remindedAt"]);
        await app.NotificationEventuallyAsync(userId, "email", "VerificationReminder");
        await app.NotificationEventuallyAsync(userId, "email", "VerificationExpired");
        Assert.Single(await app.NotificationsOfAsync(userId, "email", "VerificationReminder"));

        // Auth's account is expired too: its code (still within its own lifetime) and its password no longer work.
        var user = (await app.Auth.GetFromJsonAsync<JsonObject>($"/api/auth/users/{userId}"))!;
        Assert.Equal((DateTime)expired["data"]!["expiredAt"]!, (DateTime)user["expiredAt"]!);
        Assert.False((bool)user["verified"]!);
        AssertExpired(await OklaApis.PostAsync(app.Auth, "/api/auth/verify", new { userId, code }, HttpStatusCode.Forbidden));
        AssertExpired(await OklaApis.PostAsync(app.Auth, "/api/auth/login", new { email, account.password }, HttpStatusCode.Forbidden));
        AssertExpired(await OklaApis.PostAsync(app.Auth, "/api/auth/verify/resend", new { userId }, HttpStatusCode.Forbidden));

        // Operators see it: listed in its state, and counted on Auth's /metrics.
        Assert.Contains(userId, await app.Auth.SagasInStateAsync(Saga, "Expired"));
        Assert.True(await app.SagaInstancesGaugeEventuallyAsync("auth", Saga, "Expired") >= 1);

        // What the refusal says to do: registering again with the same email makes a new account.
        var again = await OklaApis.PostAsync(app.Auth, "/api/auth/register", account);
        Assert.NotEqual(userId, Guid.Parse((string)again["userId"]!));
        await OklaApis.PostAsync(app.Auth, "/api/auth/login", new { email, account.password }, HttpStatusCode.OK);
    }

    private static void AssertExpired(JsonObject problem)
    {
        Assert.Equal("The account expired", (string?)problem["title"]);
        Assert.Contains("Register again with the same email", (string?)problem["detail"]);
        Assert.NotNull(problem["expiredAt"]);
    }

    private async Task<string> CodeAsync(Guid userId) =>
        SixDigits().Match((string)(await app.NotificationEventuallyAsync(userId, "email", "EmailVerification"))["body"]!).Value;

    [Fact]
    public async Task Should_end_when_the_user_verifies_and_ignore_the_timeouts_that_still_arrive()
    {
        var userId = await app.RegisterAsync("Marta Díaz");
        var waiting = await app.Auth.SagaEventuallyAsync(Saga, userId, "AwaitingVerification");
        Assert.Equal(["reminder", "expiry"], waiting["pendingTimeouts"]!.AsArray().Select(t => (string?)t!["name"]));
        var code = await CodeAsync(userId);

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
