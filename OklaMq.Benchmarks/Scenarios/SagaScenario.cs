using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>
/// A durable saga as a service runs it (<c>AddServiceDefaults</c>, Redis, <c>AddMessaging</c>,
/// <c>AddOutbox</c>, <c>AddDurableSaga</c>): the pipeline's events (<c>vehicle.created</c>, through
/// the event publisher, as the pipeline's) drive one instance per dealer (64), one transition per event, each read with
/// its inbox mark and committed with a version compare-and-set by the Redis saga repository
/// (docs/sagas.md). What a saga transition costs against the pipeline's consumer. Services' saga
/// endpoints are quorum queues, so it runs on quorum queues only.
/// </summary>
public sealed class SagaScenario(ScenarioContext context, QueueKind queue) : IScenario
{
    private const string SagaName = "benchmark";
    private static readonly string Model = VehicleEvents.ModelFor(RawClientScenario.BodySize);

    private IHost? _host;
    private IDomainEventPublisher? _publisher;

    public string Name => "saga";
    public QueueKind Queue => queue;
    public int Window => context.Options.Window;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = ServiceHost.CreateBuilder(context, new Dictionary<string, string> { ["Default"] = "Warning" });
        builder.AddServiceDefaults();
        builder.AddCache();
        builder.Services.AddSingleton(context.Recorder);
        builder.AddMessaging(bus => bus.AddDurableSaga<DealerActivityStateMachine, DealerActivity>(SagaName));
        builder.AddOutbox();

        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
        _publisher = _host.Services.GetRequiredService<IDomainEventPublisher>();
    }

    public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken) =>
        _publisher!.PublishAsync(VehicleEvents.New(index, stampTicks, Model), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        var saga = new DurableSaga<DealerActivity>(SagaName);
        await BrokerAdmin.DeleteAsync(context.Broker, [saga.Queue, DeadLetterQueues.For(saga.Queue)], [saga.Queue], CancellationToken.None);
    }
}

/// <summary>One dealer's listings, counted by the saga: each vehicle.created is one transition.</summary>
public sealed class DealerActivity : IDurableSagaInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = string.Empty;
    public int Version { get; set; }
    public long Listed { get; set; }
}

public sealed class DealerActivityStateMachine : DurableStateMachine<DealerActivity>
{
    public DealerActivityStateMachine(DurableSaga<DealerActivity> saga, ConsumeRecorder recorder, ILoggerFactory loggers)
        : base(saga, loggers)
    {
        Event(() => Listed, e => e.CorrelateById(m => m.Message.DealerId));

        Initially(When(Listed).Then(context => Count(context, recorder)).TransitionTo(Listing));
        During(Listing, When(Listed).Then(context => Count(context, recorder)));
    }

    public State Listing { get; private set; } = null!;
    public Event<VehicleCreatedEvent> Listed { get; private set; } = null!;

    /// <summary>Counts the vehicle and records the event's latency (taken in the transition, just before its commit).</summary>
    private static void Count(BehaviorContext<DealerActivity, VehicleCreatedEvent> context, ConsumeRecorder recorder)
    {
        context.Saga.Listed++;
        recorder.Record(BenchClock.FromDateTime(context.Message.CreatedAt), context.ReceiveContext.Body.Length is long n ? (int)n : 0);
    }
}
