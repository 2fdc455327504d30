using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.RabbitMq;

public static class RabbitMqProcessBuilderExtensions
{
    /// <summary>
    /// Adds a run's own Erlang port mapper: several RabbitMQ nodes of one run share it, no two runs do.
    /// </summary>
    public static IResourceBuilder<EpmdResource> AddEpmd(this IDistributedApplicationBuilder builder, string name, string epmdPath, RunDirectory home)
    {
        var port = LocalPorts.Next();
        return builder.AddResource(new EpmdResource(name, epmdPath, home.Path, port))
            .WithArgs("-port", port.ToString(), "-address", "127.0.0.1")
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: EpmdResource.EndpointName, isProxied: false)
            .WithPromptHealthCheck($"{name}_check", _ => new TcpPortHealthCheck(port));
    }

    /// <summary>
    /// Adds a RabbitMQ node run from Debian's rabbitmq-server: its own node name, AMQP,
    /// distribution, management and Prometheus ports, its folder under <paramref name="home"/>,
    /// the management and Prometheus plugins on, its administrator and the services' users
    /// (<see cref="BrokerUsersAnnotation"/>) loaded from its definitions, and a health check that
    /// opens a real AMQP connection to the virtual host. A node of a cluster comes with its
    /// <paramref name="layout"/> (which names the node it joins) and the cluster's
    /// <paramref name="clusterUsers"/>; a lone node allocates its layout and holds its users itself.
    /// </summary>
    public static IResourceBuilder<RabbitMqNodeResource> AddRabbitMqNode(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<EpmdResource> epmd,
        IResourceBuilder<ParameterResource> password,
        RunDirectory home,
        InfrastructureOptions options,
        string userName = "okla",
        string virtualHost = "/okla",
        RabbitMqNodeLayout? layout = null,
        BrokerUsersAnnotation? clusterUsers = null)
    {
        layout ??= RabbitMqNodeLayout.Allocate(name, home.Path, epmd.Resource.Port);
        var node = new RabbitMqNodeResource(name, layout, options.RabbitMqServerPath, password.Resource)
        {
            UserName = userName,
            VirtualHost = virtualHost,
        };

        var users = clusterUsers ?? new BrokerUsersAnnotation(virtualHost, BrokerUser.Administrator(userName, password.Resource), node.ConnectionStringOf);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(node, async (_, ct) =>
        {
            var secret = await password.Resource.GetValueAsync(ct) ?? throw new DistributedApplicationException($"Parameter '{password.Resource.Name}' has no value.");
            layout.WriteFiles(new BrokerAccount(userName, secret, virtualHost), options.MaxMessageSizeBytes, await users.Definitions.ToJsonAsync(ct));
        });

        var resource = builder.AddResource(node);
        if (clusterUsers is null)
        {
            resource.WithAnnotation(users);
        }
        return resource
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in layout.Environment())
                {
                    context.EnvironmentVariables[key] = value;
                }
            })
            .WithEndpoint(port: layout.AmqpPort, targetPort: layout.AmqpPort, scheme: "amqp", name: RabbitMqNodeResource.AmqpEndpointName, isProxied: false)
            .WithHttpEndpoint(port: layout.ManagementPort, targetPort: layout.ManagementPort, name: RabbitMqNodeResource.ManagementEndpointName, isProxied: false)
            .WithHttpEndpoint(port: layout.PrometheusPort, targetPort: layout.PrometheusPort, name: RabbitMqNodeResource.PrometheusEndpointName, isProxied: false)
            .WithUrlForEndpoint(RabbitMqNodeResource.ManagementEndpointName, url => url.DisplayText = "Management UI")
            .WithUrlForEndpoint(RabbitMqNodeResource.PrometheusEndpointName, url =>
            {
                url.Url = "/metrics";
                url.DisplayText = "Prometheus metrics";
            })
            .WithUrlForEndpoint(RabbitMqNodeResource.AmqpEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithPromptHealthCheck($"{name}_check", _ => new RabbitMqConnectionHealthCheck(ct => node.ConnectionStringExpression.GetValueAsync(ct).AsTask(), virtualHost))
            .WaitFor(epmd);
    }
}
