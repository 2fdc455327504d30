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

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (i > 0)
                {
                    expression.AppendLiteral(",");
                }
                expression.AppendFormatted(Nodes[i].ConnectionStringExpression);
            }
            return expression.Build();
        }
    }
}
