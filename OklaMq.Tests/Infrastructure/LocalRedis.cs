using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;

namespace OklaMq.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server on a free loopback port (Debian's binary, as in CI), for specs whose
/// consumers keep state in Redis. Persistence is off; every spec uses its own ids.
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private Process? _server;

    public int Port { get; } = FreePort();
    public string ConnectionString => $"127.0.0.1:{Port}";
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start; install it with 'apt-get install redis-server'.");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<LocalRedis>
{
    public const string Name = "redis";
}
