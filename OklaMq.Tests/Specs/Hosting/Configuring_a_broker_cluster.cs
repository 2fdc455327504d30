using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Tests.Specs.Hosting;

/// <summary>
/// The AppHost's model with <c>--Messaging:Nodes=3</c> in process mode, built but not started (the
/// fault suite runs such a cluster; see OklaMq.Tests/Reliability).
/// </summary>
public sealed class Configuring_a_broker_cluster
{
    [Fact]
    public async Task Should_run_three_nodes_that_join_the_first_under_one_messaging_resource()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(
            ["--Infrastructure:Mode=process", "--Messaging:Nodes=3"]);

        var cluster = Assert.IsType<RabbitMqClusterResource>(builder.Resources.Single(r => r.Name == "messaging"));
        Assert.Equal(["messaging-1", "messaging-2", "messaging-3"], cluster.Nodes.Select(n => n.Name));
        var (seed, joiners) = (cluster.Nodes[0].Layout, cluster.Nodes.Skip(1).Select(n => n.Layout).ToList());
        Assert.Null(seed.Seed);
        Assert.All(joiners, layout => Assert.Equal(seed.NodeName, layout.Seed));
        Assert.Single(cluster.Nodes.Select(n => n.Layout.Home).Distinct());
        Assert.Equal(3, cluster.Nodes.Select(n => n.Layout.AmqpPort).Distinct().Count());
        Assert.Contains($"cluster_formation.classic_config.nodes.1 = {seed.NodeName}", joiners[0].Config(new("okla", "secret", "/okla"), 1024));
        Assert.Contains("cluster_partition_handling = pause_minority", seed.Config(new("okla", "secret", "/okla"), 1024));

        // Every node in the connection string, and every node shown under the cluster in the dashboard.
        Assert.Equal(2, cluster.ConnectionStringExpression.ValueExpression.Count(c => c == ','));
        Assert.All(cluster.Nodes, node => Assert.True(node.TryGetAnnotationsOfType<ResourceRelationshipAnnotation>(out var relations)
            && relations.Any(r => r.Resource == cluster && r.Type == "Parent")));
        Assert.True(cluster.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _));
    }

    [Fact]
    public async Task Should_give_the_cluster_one_set_of_users_and_each_service_every_node_as_its_own_user()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(
            ["--Infrastructure:Mode=process", "--Messaging:Nodes=3"]);

        var cluster = Assert.IsType<RabbitMqClusterResource>(builder.Resources.Single(r => r.Name == "messaging"));
        // The users are the cluster's: every node loads these definitions, none has users of its own.
        Assert.True(cluster.TryGetLastAnnotation<BrokerUsersAnnotation>(out var users));
        Assert.All(cluster.Nodes, node => Assert.False(node.TryGetLastAnnotation<BrokerUsersAnnotation>(out _)));
        Assert.Equal(["okla", .. ServicePermissions.Services], users.Definitions.Users.Select(u => u.Name));

        var billing = users.Definitions.Users.Single(u => u.Name == "billing");
        var uris = cluster.ConnectionStringOf(billing).ValueExpression.Split(',');
        Assert.Equal(3, uris.Length);
        Assert.All(uris, uri => Assert.StartsWith("amqp://billing:{messaging-billing-password", uri));
    }

    [Fact]
    public async Task Should_refuse_two_nodes_which_have_no_majority_once_one_is_gone()
    {
        var error = await Record.ExceptionAsync(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(["--Infrastructure:Mode=process", "--Messaging:Nodes=2"]));

        Assert.NotNull(error);
        Assert.Contains("Messaging:Nodes is 2: use 1, or 3 to 7 nodes", error.ToString());
    }
}
