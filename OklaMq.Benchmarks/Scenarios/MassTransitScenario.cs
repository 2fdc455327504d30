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
    /// MassTransit 8 on RabbitMQ out of the box (its JSON envelope, its per-type exchange, publisher
    /// confirmation on, no telemetry, no filters) with a consumer that only records. Its
    /// <see cref="Document"/> form is the design document's baseline: prefetch 16, concurrent message
    /// limit 8, each publish awaited before the next. Its <see cref="Tuned"/> form is about the least a
    /// pipeline built on MassTransit's endpoint can cost (with MassTransit's envelope; the pipeline's
    /// plain JSON costs about the same): the pipeline's prefetch 128 and 64 concurrent messages, and
    /// as many publishes in flight as raw and the pipeline.
    /// </summary>
    public sealed class MassTransitScenario(ScenarioContext context, QueueKind queue, MassTransitScenario.Settings settings) : IScenario
    {
        public sealed record Settings(string Name, ushort PrefetchCount, int ConcurrentMessageLimit, bool Awaited);

        public static readonly Settings Document = new("masstransit", 16, 8, Awaited: true);
        public static readonly Settings Tuned = new("masstransit-tuned", 128, 64, Awaited: false);

        // With MassTransit's envelope (ids, addresses, host, type) the body comes to about 1 KB.
        private static readonly string Payload = new('x', 30);

        private readonly string _queueName = $"bench-{settings.Name}-{BrokerAdmin.QueueType(queue)}";
        private IHost? _host;
        private IBus? _bus;

        public string Name => settings.Name;
        public QueueKind Queue => queue;
        public int Window => settings.Awaited ? 1 : context.Options.Window;

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
                    cfg.Host(context.Broker.Host, (ushort)context.Broker.Port, context.Broker.VirtualHost, $"benchmark {settings.Name}", host =>
                    {
                        host.Username(context.Broker.UserName);
                        host.Password(context.Broker.Password);
                        host.PublisherConfirmation = true;
                    });
                    cfg.PrefetchCount = settings.PrefetchCount;
                    cfg.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;
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
