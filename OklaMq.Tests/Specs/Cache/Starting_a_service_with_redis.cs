using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Cache;

[Collection(RedisCollection.Name)]
public sealed class Starting_a_service_with_redis(LocalRedis redis)
{
    [Fact]
    public async Task Should_connect_before_anything_uses_redis()
    {
        using var host = HostWithCache(redis.ConnectionString);
        var before = await ConnectedClientsAsync();

        await host.StartAsync();
        try
        {
            Assert.True(await ConnectedClientsAsync() > before, "No new Redis connection after the service started.");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Should_start_while_redis_is_unreachable()
    {
        using var host = HostWithCache("127.0.0.1:1,connectTimeout=500");

        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost HostWithCache(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "cache-spec" });
        builder.Configuration[$"ConnectionStrings:{CacheExtensions.ConnectionName}"] = connectionString;
        builder.AddCache();
        return builder.Build();
    }

    private async Task<long> ConnectedClientsAsync()
    {
        var info = await redis.Connection.GetDatabase().ExecuteAsync("INFO", "clients");
        var line = info.ToString()!.Split('\n').Single(l => l.StartsWith("connected_clients:", StringComparison.Ordinal));
        return long.Parse(line["connected_clients:".Length..].Trim());
    }
}
