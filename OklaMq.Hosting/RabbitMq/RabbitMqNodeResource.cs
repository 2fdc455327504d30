using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// A RabbitMQ node run as a plain process from Debian's <c>rabbitmq-server</c>, for machines
/// without a container runtime. Its connection string has the same shape as Aspire's RabbitMQ
/// container resource, so services cannot tell the two apart.
/// </summary>
public sealed class RabbitMqNodeResource(string name, RabbitMqNodeLayout layout, string serverPath, ParameterResource password)
    : ExecutableResource(name, serverPath, layout.Home), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string PrometheusEndpointName = "prometheus";

    public RabbitMqNodeLayout Layout { get; } = layout;
    public ParameterResource PasswordParameter { get; } = password;
    public string UserName { get; init; } = "okla";
    public string VirtualHost { get; init; } = "/okla";

    public EndpointReference AmqpEndpoint => new(this, AmqpEndpointName);
    public EndpointReference ManagementEndpoint => new(this, ManagementEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{PasswordParameter:uri}@{AmqpEndpoint.Property(EndpointProperty.HostAndPort)}");

    /// <summary>The connection string to this node as <paramref name="user"/>.</summary>
    public ReferenceExpression ConnectionStringOf(BrokerUser user) =>
        ReferenceExpression.Create($"amqp://{user.Name}:{user.Password:uri}@{AmqpEndpoint.Property(EndpointProperty.HostAndPort)}");
}
