using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Consumers.Channels;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Sending_an_email(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _recipientId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<EmailChannel, EmailChannelDefinition>();
        services.AddSingleton<NotificationLog>().AddSingleton<UserDirectory>();
    }

    private SendEmailCommand Email() => new()
    {
        NotificationId = Guid.NewGuid(),
        RecipientUserId = _recipientId,
        Email = "rosa@example.test",
        Subject = "Pago recibido",
        Body = "Recibimos tu pago de RD$ 4,500.00.",
        Template = "PaymentReceipt",
        RequestedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_record_the_email_for_its_recipient()
    {
        var email = Email();

        await PublishAndWaitAsync(email);

        var sent = Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        Assert.Equal(email.NotificationId, sent.NotificationId);
        Assert.Equal(NotificationChannels.Email, sent.Channel);
        Assert.Equal("PaymentReceipt", sent.Template);
        Assert.Equal("Pago recibido", sent.Title);
        Assert.Equal(email.Body, sent.Body);
        Assert.Equal("rosa@example.test", sent.Address);
        await AssertNoFaultAsync<SendEmailCommand>();
    }

    [Fact]
    public async Task Should_record_a_repeated_command_once()
    {
        var email = Email();

        await Harness.Bus.Publish(email);
        await Harness.Bus.Publish(email);
        await Harness.InactivityTask;

        Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        await AssertNoFaultAsync<SendEmailCommand>();
    }

    [Fact]
    public async Task Should_send_an_email_without_an_address_to_the_address_of_the_recipients_account()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_recipientId, "ventas@autoscaribe.test", "Autos Caribe", "Dealer", Verified: true));

        await PublishAndWaitAsync(Email() with { Email = string.Empty });

        Assert.Equal("ventas@autoscaribe.test", Assert.Single(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10)).Address);
        await AssertNoFaultAsync<SendEmailCommand>();
    }

    [Fact]
    public async Task Should_not_send_an_email_without_an_address_to_an_account_it_does_not_know()
    {
        await PublishAndWaitAsync(Email() with { Email = string.Empty });

        Assert.Empty(await Services.GetRequiredService<NotificationLog>().ForRecipientAsync(_recipientId, 10));
        await AssertNoFaultAsync<SendEmailCommand>();
    }
}
