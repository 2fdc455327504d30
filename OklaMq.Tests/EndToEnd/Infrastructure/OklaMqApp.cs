using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OklaMq.Tests.EndToEnd.Infrastructure.Otlp;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The whole of OklaMq, started once for every end-to-end test: the AppHost in process mode (Debian's
/// rabbitmq-server and redis-server as local processes, never containers), the six services, shrunk
/// recovery intervals (<see cref="ShrunkSettings"/>). Gives tests an HTTP client per service, a raw
/// AMQP connection to the broker's <c>/okla</c> virtual host, the management API, and Redis.
/// Stopping it stops every process (DCP waits for their cleanup); a start that fails says which
/// resource, in which state, and what it printed.
/// </summary>
public sealed class OklaMqApp : IAsyncLifetime
{
    public const string BrokerUserName = "okla";
    public const string VirtualHost = "/okla";
    public const string Broker = "messaging";
    public const string Cache = "cache";

    public static readonly IReadOnlyList<string> ServiceNames = ["vehicles", "billing", "auth", "notification", "analytics", "deadletters"];

    /// <summary>From nothing to every resource healthy: ~30-60 s here, allowed four times that.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly Dictionary<string, HttpClient> _http = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _resources = [];
    private DistributedApplication? _app;

    public ShrunkSettings Settings { get; } = new();

    /// <summary>A broker and Redis started by the caller: the AppHost then starts only the services (external mode).</summary>
    public ExternalInfrastructure? External { get; init; }
    public ResourceLogs Logs { get; } = new();
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app is not started.");
    /// <summary>The processes of the run: broker, its port mapper, Redis and the services.</summary>
    public IReadOnlyList<string> ResourceNames => _resources;
    public BrokerClient Rabbit { get; private set; } = null!;
    public ManagementApi Management { get; private set; } = null!;
    public IConnectionMultiplexer Redis { get; private set; } = null!;
    public IDatabase RedisDb => Redis.GetDatabase();

    /// <summary>Every span the services exported (they export to it as to the Aspire dashboard).</summary>
    public OtlpReceiver Telemetry { get; private set; } = null!;

    public HttpClient Vehicles => Http("vehicles");
    public HttpClient Billing => Http("billing");
    public HttpClient Auth => Http("auth");
    public HttpClient Notification => Http("notification");
    public HttpClient Analytics => Http("analytics");
    public HttpClient DeadLetters => Http("deadletters");

    public HttpClient Http(string service) => _http[service];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        Telemetry = await OtlpReceiver.StartAsync();
        // Where the AppHost points every service's OTLP exporter (the dashboard's OTLP endpoint in a developer's run).
        string[] arguments = [.. Settings.ToArguments(), $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={Telemetry.Endpoint}", .. External?.Arguments ?? []];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(arguments, timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        var containers = builder.Resources.OfType<ContainerResource>().Select(r => r.Name).ToList();
        if (containers.Count > 0)
        {
            throw new InvalidOperationException($"The end-to-end AppHost must run no containers, but has: {string.Join(", ", containers)}.");
        }
        // Every service takes the client's address from X-Forwarded-For, as behind a deployment's proxy.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        }
        // The processes of the run (not parameters, nor the hidden resources that rebuild projects on demand).
        _resources = builder.Resources
            .Where(r => r is ProjectResource or ExecutableResource && r.GetType().Name != "ProjectRebuilderResource")
            .Select(r => r.Name)
            .ToList();

        _app = await builder.BuildAsync(timeout.Token);
        Logs.Watch(_app, _resources);
        try
        {
            await _app.StartAsync(timeout.Token);
            await WaitForResourcesHealthyAsync(StartTimeout, timeout.Token);
        }
        catch (Exception ex)
        {
            var report = Report($"OklaMq did not start: {ex.Message}");
            await DisposeAsync();
            throw new InvalidOperationException(report, ex);
        }

        foreach (var service in ServiceNames)
        {
            _http[service] = _app.CreateHttpClient(service);
        }
        if (External is not null)
        {
            (Rabbit, Management) = (External.Rabbit, External.Management);
            Redis = await ConnectionMultiplexer.ConnectAsync($"{External.CacheConnectionString},abortConnect=false");
            return;
        }

        Rabbit = new BrokerClient(BrokerConnectionFactory("oklamq-tests"));
        Management = new ManagementApi(_app.GetEndpoint(Broker, "management"), BrokerUserName, Settings.MessagingPassword, VirtualHost);

        var redis = _app.GetEndpoint(Cache, "tcp");
        Redis = await ConnectionMultiplexer.ConnectAsync($"{redis.Host}:{redis.Port},password={Settings.CachePassword},abortConnect=false");
    }

    /// <summary>Connections of the broker's administrator on the <c>/okla</c> virtual host, named <paramref name="clientName"/>, not recovered automatically.</summary>
    public ConnectionFactory BrokerConnectionFactory(string clientName)
    {
        var amqp = App.GetEndpoint(Broker, "tcp");
        return new ConnectionFactory
        {
            HostName = amqp.Host,
            Port = amqp.Port,
            VirtualHost = VirtualHost,
            UserName = BrokerUserName,
            Password = Settings.MessagingPassword,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = false,
        };
    }

    /// <summary>
    /// Waits until every process resource reports healthy; fails at once, naming it, when one has
    /// exited or failed to start, and with every resource's state and output when time is up.
    /// </summary>
    public async Task WaitForResourcesHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(_resources.Select(name => WaitForHealthyAsync(name, limit.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var waiting = _resources.Where(name => !IsHealthy(name));
            throw new TimeoutException($"Not healthy after {timeout.TotalSeconds:0} s: {string.Join(", ", waiting)}.");
        }
    }

    /// <summary>
    /// Every resource healthy, and every service's own /health Healthy (not Degraded: no breaker
    /// open, every endpoint consuming). Destructive tests end with it, so the next test starts from a
    /// whole system.
    /// </summary>
    public async Task WaitUntilEverythingHealthyAsync(TimeSpan timeout)
    {
        await WaitForResourcesHealthyAsync(timeout);
        foreach (var service in ServiceNames)
        {
            await Polling.Eventually(async () =>
            {
                var health = await HealthAsync(service);
                Assert.True(health.Status == "Healthy", $"{service} is {health.Status}: {health}");
            }, timeout, $"{service} reports Healthy");
        }
    }

    /// <summary>A service's /health report: overall status and every check with its description.</summary>
    public async Task<HealthReport> HealthAsync(string service)
    {
        using var response = await Http(service).GetAsync("/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var checks = body["checks"]!.AsObject().ToDictionary(
            c => c.Key,
            c => (Status: (string)c.Value!["status"]!, Description: (string?)c.Value!["description"]));
        return new HealthReport((string)body["status"]!, checks);
    }

    public string? StateOf(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var e) ? e.Snapshot.State?.Text : null;

    /// <summary>Runs a dashboard command on a resource, for example <c>resource-start</c> or <c>resource-restart</c>.</summary>
    public async Task ExecuteCommandAsync(string resource, string command)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"Command {command} on {resource} failed: {result.Message}");
    }

    private async Task WaitForHealthyAsync(string name, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notifications = App.ResourceNotifications;
        var healthy = notifications.WaitForResourceHealthyAsync(name, race.Token);
        var failed = notifications.WaitForResourceAsync(name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), race.Token);
        var first = await Task.WhenAny(healthy, failed);
        await race.CancelAsync();
        if (first == failed && failed.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"Resource '{name}' stopped ({failed.Result.Snapshot.State?.Text}, exit code {failed.Result.Snapshot.ExitCode}) instead of becoming healthy.");
        }
        await first;
    }

    private bool IsHealthy(string name) =>
        App.ResourceNotifications.TryGetCurrentState(name, out var e) && e.Snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>Every resource's state and health, and the last lines of those not healthy.</summary>
    public string Report(string headline)
    {
        var text = new StringBuilder(headline).AppendLine().AppendLine("Resources:");
        foreach (var name in _resources)
        {
            var found = _app is not null && _app.ResourceNotifications.TryGetCurrentState(name, out var e) ? e : null;
            text.AppendLine($"  {name}: state {found?.Snapshot.State?.Text ?? "unknown"}, health {found?.Snapshot.HealthStatus?.ToString() ?? "unknown"}, exit code {found?.Snapshot.ExitCode?.ToString() ?? "-"}");
        }
        foreach (var name in _resources.Where(n => _app is null || !IsHealthy(n)))
        {
            text.AppendLine($"Last output of {name}:").Append(Logs.Tail(name, 40));
        }
        return text.ToString();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _http.Values)
        {
            client.Dispose();
        }
        Management?.Dispose();
        if (Rabbit is not null)
        {
            await Rabbit.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            finally
            {
                await _app.DisposeAsync();
                _app = null;
            }
        }
        await Logs.DisposeAsync();
        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
    }
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, (string Status, string? Description)> Checks)
{
    public override string ToString() =>
        $"{Status} ({string.Join("; ", Checks.Select(c => $"{c.Key}: {c.Value.Status} {c.Value.Description}"))})";
}

[CollectionDefinition(Name)]
public sealed class OklaMqAppCollection : ICollectionFixture<OklaMqApp>
{
    /// <summary>
    /// Every end-to-end test is in this one collection: they share the app and run one after another,
    /// because several of them break a consumer, restart a service or the broker on purpose.
    /// </summary>
    public const string Name = "OklaMq end to end";
}
