using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Creating_a_vehicle(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _dealerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<VehicleCreatedNotifier, VehicleCreatedNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<AlertStore>();
    }

    private VehicleCreatedEvent Vehicle(string make = "Toyota", string model = "Corolla", int year = 2020, decimal price = 950_000m) => new()
    {
        VehicleId = Guid.NewGuid(),
        DealerId = _dealerId,
        Make = make,
        Model = model,
        Year = year,
        Price = price,
        CreatedAt = DateTime.UtcNow,
        CorrelationId = Guid.NewGuid(),
    };

    [Fact]
    public async Task Should_push_to_the_dealer_and_email_a_known_dealer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_dealerId, "dealer@example.test", "Autos Caribe", "Dealer", Verified: true));
        var vehicle = Vehicle();

        await PublishAndWaitAsync(vehicle);

        Assert.True(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId && x.Context.Message.Template == VehicleCreatedNotifier.DealerTemplate));
        Assert.True(await Harness.Published.Any<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _dealerId && x.Context.Message.Email == "dealer@example.test"));
        await AssertNoFaultAsync<VehicleCreatedEvent>();
    }

    [Fact]
    public async Task Should_notify_matching_alerts_only()
    {
        var alerts = Services.GetRequiredService<AlertStore>();
        var interested = Guid.NewGuid();
        var notInterested = Guid.NewGuid();
        await alerts.AddAsync(new SavedAlert { Id = Guid.NewGuid(), UserId = interested, Make = "Hyundai", YearFrom = 2018, PriceTo = 1_200_000m });
        await alerts.AddAsync(new SavedAlert { Id = Guid.NewGuid(), UserId = notInterested, Make = "Hyundai", YearFrom = 2023 });

        await PublishAndWaitAsync(Vehicle(make: "Hyundai", model: "Tucson", year: 2019, price: 1_100_000m));

        Assert.True(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == interested && x.Context.Message.Template == VehicleCreatedNotifier.AlertTemplate));
        Assert.False(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == notInterested));
        await AssertNoFaultAsync<VehicleCreatedEvent>();
    }

    [Fact]
    public async Task Should_notify_once_when_the_event_repeats()
    {
        var vehicle = Vehicle();

        await Harness.Bus.Publish(vehicle);
        await Harness.Bus.Publish(vehicle);
        await Harness.InactivityTask;

        var ids = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Select(x => x.Context.Message.NotificationId).ToList();
        // The inbox runs the consumer once per message.
        Assert.Single(ids);
    }
}
