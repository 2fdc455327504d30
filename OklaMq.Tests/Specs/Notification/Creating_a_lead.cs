using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Creating_a_lead(LocalRedis redis) : ConsumerSpec(redis)
{
    private const string Phone = "809-555-0142";
    private const string ContactEmail = "jose.contacto@example.test";
    private readonly Guid _dealerId = Guid.NewGuid();
    private readonly CapturedLogs _logs = new();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<LeadCreatedNotifier, LeadCreatedNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
        services.AddSingleton<ILoggerProvider>(_logs);
    }

    private LeadCreatedEvent Lead() => new()
    {
        LeadId = Guid.NewGuid(),
        VehicleId = Guid.NewGuid(),
        DealerId = _dealerId,
        BuyerId = Guid.NewGuid(),
        ContactName = "José Martínez",
        ContactPhone = Phone,
        ContactEmail = ContactEmail,
        Source = "WhatsApp",
        CreatedAt = DateTime.UtcNow,
    };

    private Task KnowTheDealer() =>
        Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_dealerId, "ventas@autoscaribe.test", "Autos Caribe", "Dealer", Verified: true));

    [Fact]
    public async Task Should_push_the_contact_name_and_source_to_the_dealer()
    {
        var lead = Lead();

        await PublishAndWaitAsync(lead);

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal(LeadCreatedNotifier.Template, push.Template);
        Assert.Contains("José Martínez", push.Body);
        Assert.Contains("WhatsApp", push.Body);
        Assert.Equal(lead.LeadId.ToString(), push.Data["leadId"]);
        Assert.Equal(lead.VehicleId.ToString(), push.Data["vehicleId"]);
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_email_a_known_dealer_how_to_reach_the_contact()
    {
        await KnowTheDealer();

        await PublishAndWaitAsync(Lead());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal("ventas@autoscaribe.test", email.Email);
        Assert.Contains("José Martínez", email.Body);
        Assert.Contains(Phone, email.Body);
        Assert.Contains(ContactEmail, email.Body);
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_notify_only_the_dealer()
    {
        var lead = Lead();

        await PublishAndWaitAsync(lead);

        Assert.False(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == lead.BuyerId));
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_never_log_the_contacts_phone_email_or_name()
    {
        // The dealer is unknown, so the notifier logs (push only); that line must not carry the contact.
        await PublishAndWaitAsync(Lead());

        Assert.NotEmpty(_logs.Messages);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains(Phone) || m.Contains(ContactEmail) || m.Contains("José"));
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    /// <summary>Every log line written while the spec ran, formatted.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(CapturedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs._messages.Enqueue(string.Join(' ', [formatter(state, exception), exception?.ToString(),
                    .. state is IEnumerable<KeyValuePair<string, object?>> values ? values.Select(v => $"{v.Key}={v.Value}") : []]));
        }
    }
}
