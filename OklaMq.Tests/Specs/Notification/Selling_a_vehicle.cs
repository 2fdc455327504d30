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
public sealed class Selling_a_vehicle(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _dealerId = Guid.NewGuid();
    private readonly Guid _buyerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<VehicleSoldNotifier, VehicleSoldNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
    }

    private VehicleSoldEvent Sale(Guid? buyerId = null) => new()
    {
        VehicleId = Guid.NewGuid(),
        DealerId = _dealerId,
        BuyerId = buyerId ?? _buyerId,
        SalePrice = 1_275_000m,
        SoldAt = new DateTime(2026, 5, 2, 10, 30, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Should_email_and_push_the_sale_price_to_a_known_dealer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_dealerId, "dealer@example.test", "Autos del Cibao", "Dealer", Verified: true));
        var sale = Sale();

        await PublishAndWaitAsync(sale);

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal(VehicleSoldNotifier.DealerTemplate, email.Template);
        Assert.Equal("dealer@example.test", email.Email);
        Assert.Contains("RD$ 1,275,000.00", email.Body);
        Assert.Contains("02/05/2026", email.Body);
        Assert.Equal(VehicleSoldNotifier.DealerTemplate, push.Template);
        Assert.Contains("RD$ 1,275,000.00", push.Body);
        Assert.Equal(sale.VehicleId.ToString(), push.Data["vehicleId"]);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_push_to_the_buyer()
    {
        await PublishAndWaitAsync(Sale());

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _buyerId).Single().Context.Message;
        Assert.Equal(VehicleSoldNotifier.BuyerTemplate, push.Template);
        Assert.False(await Harness.Published.Any<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _buyerId));
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_push_only_to_an_unknown_dealer()
    {
        await PublishAndWaitAsync(Sale());

        Assert.True(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId));
        Assert.False(await Harness.Published.Any<SendEmailCommand>());
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_tell_only_the_dealer_of_a_sale_without_a_buyer_account()
    {
        await PublishAndWaitAsync(Sale(buyerId: Guid.Empty));

        var recipients = Harness.Published.Select<SendPushCommand>().Select(x => x.Context.Message.RecipientUserId).ToList();
        Assert.Equal([_dealerId], recipients);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }
}
