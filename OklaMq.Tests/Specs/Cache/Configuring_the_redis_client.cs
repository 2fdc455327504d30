using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace OklaMq.Tests.Specs.Cache;

public sealed class Configuring_the_redis_client
{
    [Fact]
    public void Should_read_replies_on_the_thread_pool_by_default()
    {
        Assert.Same(SocketManager.ThreadPool, RedisOptionsOf([]).SocketManager);
    }

    [Fact]
    public void Should_use_the_dedicated_threads_when_configured()
    {
        Assert.Same(SocketManager.Shared, RedisOptionsOf(new() { [CacheExtensions.SocketThreadsSetting] = "Dedicated" }).SocketManager);
    }

    [Fact]
    public void Should_refuse_an_unknown_choice_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisOptionsOf(new() { [CacheExtensions.SocketThreadsSetting] = "Many" }));

        Assert.Contains(CacheExtensions.SocketThreadsSetting, error.Message);
    }

    private static ConfigurationOptions RedisOptionsOf(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "cache-spec" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration[$"ConnectionStrings:{CacheExtensions.ConnectionName}"] = "localhost:1,abortConnect=false";
        builder.AddCache();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;
    }
}
