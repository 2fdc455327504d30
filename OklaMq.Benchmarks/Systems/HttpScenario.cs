using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OklaMq.Benchmarks.Scenarios;

namespace OklaMq.Benchmarks.Systems;

/// <summary>
/// The path a user's event takes: concurrent clients <c>POST /api/vehicles</c> to the front service
/// (the last of <paramref name="services"/>), which saves the vehicle and publishes
/// <c>VehicleCreatedEvent</c>; the consuming service (the first) has its effect in Redis. The
/// vehicle's id comes back in the response and names the effect.
/// </summary>
public sealed class HttpScenario(SystemContext context, string name, IReadOnlyList<ServiceSpec> services, string effectPrefix) : ISystemScenario
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[][] Requests = VehicleEvents.DealerIds
        .Select(dealer => JsonSerializer.SerializeToUtf8Bytes(new { dealerId = dealer, make = "Toyota", model = "Corolla", year = 2024, price = 1_250_000 }))
        .ToArray();

    private readonly List<ServiceProcess> _processes = [];
    private HttpClient? _http;

    public string Name => name;
    public int Instances => 1;
    public int BodyBytes => 0;
    public int Window => context.Options.HttpConcurrency;
    public string EffectPrefix => effectPrefix;
    public IReadOnlyList<int> ServiceProcessIds => _processes.Select(p => p.ProcessId).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _processes.AddRange(await context.StartServicesAsync(services, cancellationToken));
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Window, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = _processes[^1].Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public async Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(Requests[index % Requests.Length]);
        content.Headers.ContentType = Json;
        using var response = await _http!.PostAsync("/api/vehicles", content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{name}: POST /api/vehicles answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }
        using var vehicle = JsonDocument.Parse(body);
        context.Observer.Sent(vehicle.RootElement.GetProperty("id").GetString()!, stampTicks);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        // The front first, so nothing is published into a stopped consumer.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }
        await context.DeleteQueuesAsync();
    }
}
