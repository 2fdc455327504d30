using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using OklaMq.Hosting.RabbitMq;
using OklaMq.Hosting.Redis;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// The broker and the cache of OklaMq, as containers, local processes or external connection
/// strings (<see cref="InfrastructureOptions.Mode"/>). Each returns a resource with a connection
/// string of the same name, so services reference it the same way in every mode.
/// </summary>
public static class InfrastructureBuilderExtensions
{
    public const string BrokerUserName = "okla";
    public const string VirtualHost = "/okla";

    /// <summary>RabbitMQ nodes in process mode (default 1): 3 runs a three-node cluster (<see cref="RabbitMqClusterBuilderExtensions.AddRabbitMqCluster"/>).</summary>
    public const string NodesKey = "Messaging:Nodes";

    public static IResourceBuilder<IResourceWithConnectionString> AddMessagingBroker(this IDistributedApplicationBuilder builder, string name)
    {
        var (mode, options) = InfrastructureModeResolver.Resolve(builder);
        var nodes = NodeCount(builder, mode);
        switch (mode)
        {
            case InfrastructureMode.External:
                return builder.AddConnectionString(name);
            case InfrastructureMode.Process:
                var home = OwnedRunDirectory(name);
                var password = builder.AddParameter($"{name}-password", new GenerateParameterDefault { Special = false }, secret: true);
                var epmd = builder.AddEpmd($"{name}-epmd", options.EpmdPath, home);
                if (nodes > 1)
                {
                    return builder.AddRabbitMqCluster(name, nodes, epmd, password, home, options, BrokerUserName, VirtualHost).AsConnectionStringResource();
                }
                var node = builder.AddRabbitMqNode(name, epmd, password, home, options, BrokerUserName, VirtualHost);
                epmd.WithParentRelationship(node);
                return node.AsConnectionStringResource();
            default:
                // The administrator is "okla" in the definitions too; the parameter exists because Aspire's container wants one.
                var user = builder.AddParameter($"{name}-username", BrokerUserName, publishValueAsDefault: true);
                var containerPassword = builder.AddParameter($"{name}-password", new GenerateParameterDefault { Special = false }, secret: true);
                return builder.AddRabbitMQ(name, user, containerPassword)
                    .WithManagementPlugin()
                    .WithImageTag(RabbitMqContainer.ImageTag)
                    .WithEnvironment("RABBITMQ_ENABLED_PLUGINS", string.Join(",", RabbitMqNodeLayout.Plugins))
                    .WithBrokerUsers(BrokerUserName, VirtualHost, options)
                    .WithHttpEndpoint(targetPort: 15692, name: RabbitMqNodeResource.PrometheusEndpointName)
                    .WithUrlForEndpoint(RabbitMqNodeResource.PrometheusEndpointName, url =>
                    {
                        url.Url = "/metrics";
                        url.DisplayText = "Prometheus metrics";
                    })
                    .AsConnectionStringResource();
        }
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name)
    {
        var (mode, options) = InfrastructureModeResolver.Resolve(builder);
        var password = builder.AddParameter($"{name}-password", new GenerateParameterDefault { Special = false }, secret: true);
        return mode switch
        {
            InfrastructureMode.External => builder.AddConnectionString(name),
            InfrastructureMode.Process => builder.AddRedisServer(name, password, OwnedRunDirectory(name), options).AsConnectionStringResource(),
            _ => builder.AddRedis(name, password: password).WithAppendOnlyPersistence().AsConnectionStringResource(),
        };
    }

    private static int NodeCount(IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        var nodes = builder.Configuration.GetValue(NodesKey, 1);
        if (nodes is < 1 or 2 or > 7)
        {
            // Two nodes have no majority once one is gone: quorum queues stop, pause_minority pauses both.
            throw new DistributedApplicationException($"{NodesKey} is {nodes}: use 1, or 3 to 7 nodes (a cluster survives the loss of a minority of its nodes).");
        }
        if (nodes > 1 && mode == InfrastructureMode.Container && builder.ExecutionContext.IsRunMode)
        {
            throw new DistributedApplicationException($"{NodesKey}={nodes} runs the cluster as local processes: add --Infrastructure:Mode=process.");
        }
        return nodes;
    }

    private static RunDirectory OwnedRunDirectory(string name) => RunDirectory.CreateForAppHost(name);

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionStringResource<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)builder;
}
