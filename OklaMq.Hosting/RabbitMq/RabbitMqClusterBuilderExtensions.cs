using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.RabbitMq;

public static class RabbitMqClusterBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="nodeCount"/> RabbitMQ nodes run from Debian's rabbitmq-server (<c>name-1</c>,
    /// <c>name-2</c>, …, each with its own node name, ports and data folder, all sharing one home and
    /// so one Erlang cookie, and the run's port mapper) and the cluster they form, named
    /// <paramref name="name"/>. The first node starts the cluster; the others start once it accepts
    /// connections and join it as they boot (classic peer discovery: a node that joins a seed still
    /// booting can find its tables half-upgraded and stop, and the seed, left alone in a cluster of
    /// two, then pauses itself). The cluster turns healthy once every node has joined and accepts
    /// connections, so whatever waits for it declares its quorum queues with a replica on every node.
    /// The nodes' config has <c>cluster_partition_handling = pause_minority</c>. The administrator and
    /// the services' users (<see cref="BrokerUsersAnnotation"/>, on the cluster) are the cluster's:
    /// every node loads the same definitions at boot (users are cluster-wide, and a joiner imports
    /// them after it has joined, so a node that starts again alone still has them), and a service's
    /// connection string lists every node.
    /// </summary>
    public static IResourceBuilder<RabbitMqClusterResource> AddRabbitMqCluster(
        this IDistributedApplicationBuilder builder,
        string name,
        int nodeCount,
        IResourceBuilder<EpmdResource> epmd,
        IResourceBuilder<ParameterResource> password,
        RunDirectory home,
        InfrastructureOptions options,
        string userName,
        string virtualHost)
    {
        var seed = RabbitMqNodeLayout.Allocate($"{name}-1", home.Path, epmd.Resource.Port);
        seed.WriteCookie();
        var members = new List<RabbitMqNodeResource>();
        var cluster = new RabbitMqClusterResource(name, members);
        var users = new BrokerUsersAnnotation(virtualHost, BrokerUser.Administrator(userName, password.Resource), cluster.ConnectionStringOf);
        var nodes = Enumerable.Range(1, nodeCount)
            .Select(i => i == 1 ? seed : RabbitMqNodeLayout.Allocate($"{name}-{i}", home.Path, epmd.Resource.Port) with { Seed = seed.NodeName })
            .Select((layout, i) => builder.AddRabbitMqNode($"{name}-{i + 1}", epmd, password, home, options, userName, virtualHost, layout, users))
            .ToList();
        members.AddRange(nodes.Select(n => n.Resource));
        foreach (var joiner in nodes.Skip(1))
        {
            joiner.WaitFor(nodes[0]);
        }

        var resource = builder.AddResource(cluster)
            .WithAnnotation(users)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RabbitMQ cluster",
                State = KnownResourceStates.NotStarted,
                Properties = [new("rabbitmq.cluster.nodes", string.Join(", ", nodes.Select(n => n.Resource.Layout.NodeName)))],
            })
            .WithPromptHealthCheck($"{name}_check", services => new RabbitMqClusterHealthCheck(cluster, services.GetRequiredService<IHttpClientFactory>()))
            .OnInitializeResource(async (resource, e, ct) =>
            {
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
                foreach (var node in nodes)
                {
                    await e.Notifications.WaitForResourceHealthyAsync(node.Resource.Name, ct);
                }
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            });
        foreach (var node in nodes)
        {
            node.WithParentRelationship(resource);
        }
        epmd.WithParentRelationship(resource);
        return resource;
    }
}
