using StackExchange.Redis;
using HostingRedis = OklaMq.Hosting.Local.LocalRedis;

namespace OklaMq.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server for specs whose consumers keep state in Redis: the one the benchmark
/// uses (<see cref="HostingRedis"/>, Debian's binary configured as the AppHost's process mode
/// configures it), shared by the specs of <see cref="RedisCollection"/>; every spec uses its own ids.
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private HostingRedis? _server;

    public string ConnectionString => _server!.ConnectionString;
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await HostingRedis.StartAsync("specs-redis", Guid.NewGuid().ToString("N"));
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
