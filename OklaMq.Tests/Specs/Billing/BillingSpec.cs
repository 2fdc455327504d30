using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OklaMq.BillingService.Consumers;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Billing;

/// <summary>
/// Billing's command consumers (charges and refunds that sagas ask for) on the harness, with the
/// service's payment processor, store and simulated gateway on <see cref="LocalRedis"/>, and an
/// outbox stream of the spec's own, where the payments' events are committed.
/// </summary>
public abstract class BillingSpec(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly string _outbox = $"spec:outbox:{Guid.NewGuid():N}";

    protected Guid PayerId { get; } = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<PaymentRequestConsumer, PaymentRequestConsumerDefinition>();
        bus.AddConsumer<PaymentRefundConsumer, PaymentRefundConsumerDefinition>();
        services
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new OutboxOptions { StreamKey = _outbox }))
            .AddSingleton<RedisOutbox>()
            .AddSingleton<IDomainEventPublisher, NoDirectPublishing>()
            .AddSingleton<RedisAggregateStore>()
            .AddSingleton<SimulatedDeclines>()
            .AddSingleton<SimulatedPaymentGateway>()
            .AddSingleton<PaymentRepository>()
            .AddSingleton<PaymentProcessor>();
    }

    protected SimulatedDeclines Declines => Services.GetRequiredService<SimulatedDeclines>();

    protected async Task<Payment> StoredPaymentAsync(Guid id) =>
        (await Services.GetRequiredService<PaymentRepository>().FindAsync(id))?.Value ?? throw new Xunit.Sdk.XunitException($"Payment {id} is not stored.");

    /// <summary>The events the spec's payments committed to the outbox, oldest first.</summary>
    protected Task<IReadOnlyList<OutboxMessage>> OutboxAsync() =>
        OutboxStream.ReadAsync(Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase(), _outbox);
}
