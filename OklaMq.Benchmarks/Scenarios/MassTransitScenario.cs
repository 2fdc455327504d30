using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OklaMq.Benchmarks.Measurement;

namespace OklaMq.Benchmarks.Messages
{
    /// <summary>The MassTransit scenario's message: its publish stamp and a payload that makes the body about 1 KB.</summary>
    public sealed record BenchMessage
    {
        public long SentAt { get; init; }
        public string Payload { get; init; } = string.Empty;
    }
}

namespace OklaMq.Benchmarks.Scenarios
{
    using OklaMq.Benchmarks.Messages;

    /// <summary>
    /// The design document's baseline: MassTransit 8 on RabbitMQ out of the box (its JSON envelope,
    /// its per-type exchange, publisher confirmation on) with the document's prefetch 16 and
    /// concurrent message limit 8, and each publish awaited before the next.
    /// </summary>
    public sealed class MassTransitScenario(ScenarioContext context, QueueKind queue) : IScenario
    {
        // With MassTransit's envelope (ids, addresses, host, type) the body comes to about 1 KB.
        private static readonly string Payload = new('x', 30);

        private readonly string _queueName = $"bench-masstransit-{BrokerAdmin.QueueType(queue)}";
        private IHost? _host;
        private IBus? _bus;

        public string Name => "masstransit";
        public QueueKind Queue => queue;
        public int Window => 1;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OklaMq.Benchmarks", DisableDefaults = true });
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(context.Recorder);
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            builder.Services.AddMassTransit(bus =>
            {
                bus.DisableUsageTelemetry();
                bus.AddConsumer<BenchMessageConsumer>();
                bus.UsingRabbitMq((registration, cfg) =>
                {
                    cfg.Host(context.Broker.Host, (ushort)context.Broker.Port, context.Broker.VirtualHost, "benchmark masstransit", host =>
                    {
                        host.Username(context.Broker.UserName);
                        host.Password(context.Broker.Password);
                        host.PublisherConfirmation = true;
                    });
                    cfg.PrefetchCount = 16;
                    cfg.ConcurrentMessageLimit = 8;
                    cfg.ReceiveEndpoint(_queueName, endpoint =>
                    {
                        if (queue == QueueKind.Quorum)
                        {
                            endpoint.SetQuorumQueue();
                        }
                        endpoint.ConfigureConsumer<BenchMessageConsumer>(registration);
                    });
                });
            });
            _host = builder.Build();
            await _host.StartAsync(cancellationToken);
            _bus = _host.Services.GetRequiredService<IBus>();
        }

        public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken) =>
            _bus!.Publish(new BenchMessage { SentAt = stampTicks, Payload = Payload }, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.StopAsync();
                _host.Dispose();
            }
            await BrokerAdmin.DeleteAsync(context.Broker, [_queueName], [_queueName], CancellationToken.None);
        }
    }

    public sealed class BenchMessageConsumer(ConsumeRecorder recorder) : IConsumer<BenchMessage>
    {
        public Task Consume(ConsumeContext<BenchMessage> context)
        {
            recorder.Record(context.Message.SentAt, context.ReceiveContext.Body.Length is long n ? (int)n : 0);
            return Task.CompletedTask;
        }
    }
}
