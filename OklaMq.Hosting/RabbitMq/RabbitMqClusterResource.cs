using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// RabbitMQ nodes run as local processes and joined into one cluster. Its connection string lists
/// every node (one AMQP URI each, separated by commas), so a service connects to any of them and
/// moves to another when its node goes away.
/// </summary>
public sealed class RabbitMqClusterResource(string name, IReadOnlyList<RabbitMqNodeResource> nodes)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public IReadOnlyList<RabbitMqNodeResource> Nodes { get; } = nodes;

    public ReferenceExpression ConnectionStringExpression => ListOf(Nodes.Select(n => n.ConnectionStringExpression));

    /// <summary>The connection string to every node as <paramref name="user"/>.</summary>
    public ReferenceExpression ConnectionStringOf(BrokerUser user) => ListOf(Nodes.Select(n => n.ConnectionStringOf(user)));

    private static ReferenceExpression ListOf(IEnumerable<ReferenceExpression> uris)
    {
        var expression = new ReferenceExpressionBuilder();
        var separator = "";
        foreach (var uri in uris)
        {
            expression.AppendLiteral(separator);
            expression.AppendFormatted(uri);
            separator = ",";
        }
        return expression.Build();
    }
}
