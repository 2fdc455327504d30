using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Redis;

namespace OklaMq.Hosting.Local;

/// <summary>
/// A redis-server of its own, outside Aspire, configured as the AppHost's process mode configures
/// it (<see cref="RedisServerResource.Config"/>), in a <see cref="RunDirectory"/> removed on dispose.
/// </summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private readonly RunDirectory _home;
    private readonly LocalProcess _server;

    private LocalRedis(RunDirectory home, LocalProcess server, int port, string password)
    {
        _home = home;
        _server = server;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public int ProcessId => _server.Id;

    /// <summary>The Aspire-shaped connection string (<c>host:port,password=…</c>).</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public static async Task<LocalRedis> StartAsync(string name, string password, InfrastructureOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InfrastructureOptions();
        var home = RunDirectory.Create(name);
        LocalProcess? server = null;
        try
        {
            var port = LocalPorts.Next();
            var data = home.FilePath("data");
            Directory.CreateDirectory(data);
            var config = home.FilePath("redis.conf");
            PrivateFile.Write(config, RedisServerResource.Config(port, password, data));
            server = LocalProcess.Start(options.RedisServerPath, [config], home.Path, home.FilePath("redis.log"));
            await server.WaitForPortAsync(port, TimeSpan.FromSeconds(15), cancellationToken);
            return new LocalRedis(home, server, port, password);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            home.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }
}
