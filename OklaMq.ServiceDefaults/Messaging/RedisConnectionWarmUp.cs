using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// Connects to Redis as the service starts, before any hosted service (MassTransit's endpoints)
/// does. Aspire's client connects on first use, synchronously, within a 5 s connect timeout; first
/// used by a consumer while the endpoint was busy on 2 cores, that connect timed out in the
/// benchmark and the client took seconds more to reconnect. Without Redis the service still starts:
/// the client keeps reconnecting, and the inbox retries.
/// </summary>
internal sealed class RedisConnectionWarmUp(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IConnectionMultiplexer>();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
