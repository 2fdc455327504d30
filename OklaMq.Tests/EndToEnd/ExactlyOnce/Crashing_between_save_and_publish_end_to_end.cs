using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>
/// kill -9 of a publishing service after it saved a vehicle and before it published the event
/// (the outbox relay crashes while <c>okla:fault-injection:okla:outbox:OklaMq.VehiclesService</c>
/// is <c>crash</c>): the event is in the outbox with the vehicle, and goes out once the service is back.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Crashing_between_save_and_publish_end_to_end(OklaMqApp app)
{
    private const string RelayCrashSwitch = "okla:fault-injection:okla:outbox:OklaMq.VehiclesService";

    [Fact]
    public async Task Should_publish_the_saved_event_after_the_restart()
    {
        app.FollowProcesses();
        var dealerId = Guid.NewGuid();
        await app.RedisDb.StringSetAsync(RelayCrashSwitch, "crash");
        try
        {
            // The relay may kill the process before the response is written: the request's outcome is not the point.
            try
            {
                await app.CreateVehicleAsync(dealerId, "Honda", "Civic", 2018, 850_000m);
            }
            catch (Exception ex) when (ex is HttpRequestException or Xunit.Sdk.XunitException)
            {
            }
            await Polling.Eventually(() => Task.FromResult(app.AnyStopped("vehicles")), OklaApis.EventTimeout, "the vehicles service crashed before publishing");
            Assert.Empty(await app.NotificationsAsync(dealerId));
        }
        finally
        {
            await app.RedisDb.KeyDeleteAsync(RelayCrashSwitch);
        }

        await app.StartStoppedAsync("vehicles");

        var push = await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        Assert.Contains("Honda Civic 2018", (string)push["body"]!);
    }
}
