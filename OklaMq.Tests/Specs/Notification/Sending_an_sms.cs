using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Consumers.Channels;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Sending_an_sms(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _recipientId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<SmsChannel, SmsChannelDefinition>();
        services.AddSingleton<NotificationLog>();
    }

    private SendSmsCommand Sms() => new()
    {
        NotificationId = Guid.NewGuid(),
        RecipientUserId = _recipientId,
        PhoneNumber = "+1 809 555 0100",
        Text = "OKLA: tu código es 482913",
        Template = "VerificationCode",
        RequestedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_record_the_sms_for_its_recipient()
    {
        var sms = Sms();

        await PublishAndWaitAsync(sms);

        var sent = Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        Assert.Equal(sms.NotificationId, sent.NotificationId);
        Assert.Equal(NotificationChannels.Sms, sent.Channel);
        Assert.Equal("VerificationCode", sent.Template);
        Assert.Equal(sms.Text, sent.Body);
        Assert.Equal("+1 809 555 0100", sent.Address);
        await AssertNoFaultAsync<SendSmsCommand>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Should_not_send_an_sms_without_a_phone_number(string phoneNumber)
    {
        // As the lead follow-up saga addresses its reminder: to the dealer's account, whose number OKLA does not keep.
        await PublishAndWaitAsync(Sms() with { PhoneNumber = phoneNumber, Template = "LeadReminder" });

        Assert.Empty(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        await AssertNoFaultAsync<SendSmsCommand>();
    }

    [Fact]
    public async Task Should_record_a_repeated_command_once()
    {
        var sms = Sms();

        await Harness.Bus.Publish(sms);
        await Harness.Bus.Publish(sms);
        await Harness.InactivityTask;

        Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        await AssertNoFaultAsync<SendSmsCommand>();
    }
}
