using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// kill -9 of the service that owns a saga while the saga waits for its timeouts (the
/// <c>crash</c> fault of its endpoint, Environment.FailFast, on the next message it gets: its first
/// timeout): the timeouts are messages in the broker, so after a restart the saga goes on, the
/// timeout that killed it is delivered again, the expiry still fires, and no email is sent twice.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Killing_the_owning_service_mid_saga_end_to_end(OklaMqApp app)
{
    private const string Saga = "registration";
    private const string CrashSwitch = "okla:fault-injection:registration-saga";

    [Fact]
    public async Task Should_finish_the_saga_after_a_restart_with_its_timeouts_still_firing()
    {
        app.FollowProcesses();
        var userId = await app.RegisterAsync("Rosa Jiménez");
        await app.Auth.SagaEventuallyAsync(Saga, userId, "AwaitingVerification");

        await app.RedisDb.StringSetAsync(CrashSwitch, "crash");
        try
        {
            await Polling.Eventually(() => Task.FromResult(app.AnyStopped("auth")), OklaApis.EventTimeout, "auth was killed by the saga's timeout");
        }
        finally
        {
            await app.RedisDb.KeyDeleteAsync(CrashSwitch);
        }
        await app.StartStoppedAsync("auth");

        await app.Auth.SagaEventuallyAsync(Saga, userId, "Expired");
        await app.NotificationEventuallyAsync(userId, "email", "VerificationExpired");
        Assert.Single(await app.NotificationsOfAsync(userId, "email", "VerificationExpired"));
        // The reminder that killed the service may come back after the expiry (a returned message can
        // lose its place): then it is stale and ignored. Either way it is sent at most once.
        Assert.True((await app.NotificationsOfAsync(userId, "email", "VerificationReminder")).Count <= 1);
    }
}
