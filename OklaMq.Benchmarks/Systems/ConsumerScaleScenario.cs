using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Scenarios;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Publishing;

namespace OklaMq.Benchmarks.Systems;

/// <summary>The consuming services whose instances the scale scenarios add, and the key each one's effect writes.</summary>
public enum ScaledService
{
    /// <summary>Four single-active-consumer partition queues; the effect is the inbox's mark, committed with the counters.</summary>
    Analytics,

    /// <summary>Competing consumers on each queue; the effect is the dealer's push, recorded by the push channel after the vehicle-created endpoint sent it.</summary>
    Notification,
}

/// <summary>
/// 1, 2, 4… instances of a consuming service on the same queues, fed by OklaMq's publisher in the
/// benchmark (events of a chosen size: the HTTP API caps a vehicle's fields): how throughput and
/// latency change with instances. Instances are added, not restarted, between measurements.
/// </summary>
public sealed class ConsumerScaleScenario(SystemContext context, ScaledService service) : ISystemScenario
{
    private readonly List<ServiceProcess> _instances = [];
    private IHost? _host;
    private IDomainEventPublisher? _publisher;
    private string _model = VehicleEvents.ModelFor(1024);

    public string Name => service == ScaledService.Analytics ? "scale-analytics" : "scale-notification";
    public int Instances => _instances.Count;
    public int BodyBytes { get; private set; } = 1024;
    public int Window => context.Options.Window;

    public string EffectPrefix => service == ScaledService.Analytics
        ? "okla:inbox:analytics-events:vehicle.created:"
        : "okla:notification:sent-ids:";

    public IReadOnlyList<int> ServiceProcessIds => _instances.Select(i => i.ProcessId).ToList();

    private string Project => service == ScaledService.Analytics ? ServiceBinaries.Analytics : ServiceBinaries.Notification;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OklaMq.Benchmarks", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(context.ServiceSettings().Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":"), s.Value)));
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddBrokerConnection();
        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
        _publisher = _host.Services.GetRequiredService<IDomainEventPublisher>();
    }

    /// <summary>Starts instances until there are <paramref name="instances"/>; Notification learns the dealers when the first ones start.</summary>
    public async Task ScaleToAsync(int instances, CancellationToken cancellationToken)
    {
        var first = _instances.Count == 0;
        _instances.AddRange(await context.StartServicesAsync(
            Enumerable.Range(_instances.Count + 1, Math.Max(0, instances - _instances.Count)).Select(i => new ServiceSpec($"{Name}-{i}", Project)),
            cancellationToken));
        if (first && service == ScaledService.Notification)
        {
            await RegisterDealersAsync(cancellationToken);
        }
    }

    public void Resize(int bodyBytes)
    {
        BodyBytes = bodyBytes;
        _model = VehicleEvents.ModelFor(bodyBytes);
    }

    public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken)
    {
        var created = VehicleEvents.New(index, stampTicks, _model);
        context.Observer.Sent(EffectId(created), stampTicks);
        return _publisher!.PublishAsync(created, cancellationToken);
    }

    private string EffectId(VehicleCreatedEvent created) => service == ScaledService.Analytics
        ? created.VehicleId.ToString()
        : NotificationIds.For(VehicleCreatedNotifier.DealerTemplate, created.VehicleId, created.DealerId, NotificationChannels.Push).ToString();

    /// <summary>Registered dealers get their listing by push and email, as in a real run (no "dealer unknown" path).</summary>
    private async Task RegisterDealersAsync(CancellationToken cancellationToken)
    {
        var registered = new ConsumeRecorder();
        context.Observer.Watch("okla:notification:users:", 0, registered);
        registered.Expect(VehicleEvents.Dealers, recordLatency: false);
        for (var i = 0; i < VehicleEvents.Dealers; i++)
        {
            var dealer = VehicleEvents.DealerIds[i];
            context.Observer.Sent(dealer.ToString(), 0);
            await _publisher!.PublishAsync(new UserRegisteredEvent
            {
                UserId = dealer,
                Email = $"dealer-{i}@okla.example",
                FullName = $"Dealer {i}",
                AccountType = "Dealer",
                RegisteredAt = DateTime.UtcNow,
            }, cancellationToken);
        }
        await registered.WaitAsync($"{Name}: registering the dealers", context.Options.Stall, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await context.DeleteQueuesAsync();
    }
}
