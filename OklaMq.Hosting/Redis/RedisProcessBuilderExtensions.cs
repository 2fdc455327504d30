using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.Redis;

public static class RedisProcessBuilderExtensions
{
    /// <summary>Adds Debian's redis-server on a free loopback port, its data in <paramref name="home"/>.</summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource> password,
        RunDirectory home,
        InfrastructureOptions options)
    {
        var port = LocalPorts.Next();
        var server = new RedisServerResource(name, options.RedisServerPath, home.Path, password.Resource);
        var dataDirectory = Path.Combine(home.Path, "data");

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
        {
            var secret = await password.Resource.GetValueAsync(ct) ?? throw new DistributedApplicationException($"Parameter '{password.Resource.Name}' has no value.");
            Directory.CreateDirectory(dataDirectory);
            PrivateFile.Write(server.ConfigFile, RedisServerResource.Config(port, secret, dataDirectory));
        });

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"'{name}' has no connection string yet."),
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithArgs(server.ConfigFile)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: RedisServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }
}
