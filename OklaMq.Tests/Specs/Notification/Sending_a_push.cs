using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Consumers.Channels;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Sending_a_push(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _recipientId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<PushChannel, PushChannelDefinition>();
        services.AddSingleton<NotificationLog>();
    }

    private SendPushCommand Push() => new()
    {
        NotificationId = Guid.NewGuid(),
        RecipientUserId = _recipientId,
        Title = "Vehículo vendido",
        Body = "Tu vehículo se vendió por RD$ 1,275,000.00.",
        Template = "VehicleSold",
        Data = new() { ["vehicleId"] = Guid.NewGuid().ToString() },
        RequestedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_record_the_push_for_its_recipient()
    {
        var push = Push();

        await PublishAndWaitAsync(push);

        var sent = Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        Assert.Equal(push.NotificationId, sent.NotificationId);
        Assert.Equal(NotificationChannels.Push, sent.Channel);
        Assert.Equal("VehicleSold", sent.Template);
        Assert.Equal("Vehículo vendido", sent.Title);
        Assert.Equal(push.Body, sent.Body);
        Assert.Equal(_recipientId.ToString(), sent.Address);
        await AssertNoFaultAsync<SendPushCommand>();
    }

    [Fact]
    public async Task Should_record_a_repeated_command_once()
    {
        var push = Push();

        await Harness.Bus.Publish(push);
        await Harness.Bus.Publish(push);
        await Harness.InactivityTask;

        Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        await AssertNoFaultAsync<SendPushCommand>();
    }
}
