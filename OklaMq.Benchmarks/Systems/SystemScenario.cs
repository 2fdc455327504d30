using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Scenarios;

namespace OklaMq.Benchmarks.Systems;

/// <summary>
/// A whole path through service processes, measured from the outside: what goes in (an HTTP request,
/// or an event the benchmark publishes) until its effect is written in Redis (<see cref="EffectObserver"/>).
/// </summary>
public interface ISystemScenario : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Instances of the consuming service.</summary>
    int Instances { get; }

    /// <summary>Size of the event's JSON body (0 when a service makes the event from a request).</summary>
    int BodyBytes { get; }

    /// <summary>Requests or publishes in flight at once.</summary>
    int Window { get; }

    /// <summary>The effect of a message is the Redis key with this prefix and the message's id.</summary>
    string EffectPrefix { get; }

    /// <summary>The service processes whose CPU and memory are the scenario's.</summary>
    IReadOnlyList<int> ServiceProcessIds { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request or event stamped with <paramref name="stampTicks"/> and tells the observer which effect it awaits.</summary>
    Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken);
}

/// <summary>A service process of a system scenario: its name, its project, and its own settings.</summary>
public sealed record ServiceSpec(string Name, string Project, IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>What the system scenarios share: the benchmark's broker, Redis and PostgreSQL, and where effects are seen.</summary>
public sealed record SystemContext(
    BrokerEndpoint Broker,
    Uri Management,
    string RedisConnectionString,
    string? PostgresConnectionString,
    EffectObserver Observer,
    BenchmarkOptions Options)
{
    /// <summary>What every service process gets: the broker and Redis as the AppHost would give them.</summary>
    public Dictionary<string, string> ServiceSettings() => new()
    {
        ["ConnectionStrings__messaging"] = Broker.ConnectionString,
        ["ConnectionStrings__cache"] = RedisConnectionString,
        ["RabbitMQ__VirtualHost"] = Broker.VirtualHost,
    };

    private Task<ServiceProcess> StartServiceAsync(string name, string project, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var environment = ServiceSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return ServiceProcess.StartAsync(name, ServiceBinaries.Of(project), environment, cancellationToken);
    }

    /// <summary>Starts the services side by side (each declares what it needs on the broker); if one fails, the others are stopped.</summary>
    public async Task<IReadOnlyList<ServiceProcess>> StartServicesAsync(IEnumerable<ServiceSpec> services, CancellationToken cancellationToken)
    {
        var starting = services.Select(s => StartServiceAsync(s.Name, s.Project, s.Settings, cancellationToken)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>After a scenario: its queues (and their messages) go, so the next starts from an empty broker.</summary>
    public Task DeleteQueuesAsync() => BrokerAdmin.DeleteAllQueuesAsync(Broker, Management, CancellationToken.None);
}
