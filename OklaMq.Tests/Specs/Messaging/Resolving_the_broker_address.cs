using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.Tests.Specs.Messaging;

public sealed class Resolving_the_broker_address
{
    private static readonly RabbitMqSettings Defaults = new();

    [Fact]
    public void Should_read_one_node_from_an_aspire_connection_string()
    {
        var broker = BrokerAddress.Resolve("amqp://okla:secret@127.0.0.1:5800/%2Fokla", Defaults);

        Assert.Equal([new BrokerNode("127.0.0.1", 5800)], broker.Nodes);
        Assert.Equal(("okla", "secret", "/okla"), (broker.Username, broker.Password, broker.VirtualHost));
    }

    [Fact]
    public void Should_read_every_node_of_a_cluster_in_order()
    {
        var broker = BrokerAddress.Resolve(
            "amqp://okla:secret@10.0.0.11:5672/%2Fokla,amqp://okla:secret@10.0.0.12:5673/%2Fokla,amqp://okla:secret@10.0.0.13:5674/%2Fokla", Defaults);

        Assert.Equal([new BrokerNode("10.0.0.11", 5672), new BrokerNode("10.0.0.12", 5673), new BrokerNode("10.0.0.13", 5674)], broker.Nodes);
        Assert.Equal(("10.0.0.11", 5672), (broker.Host, broker.Port));
        Assert.Equal("amqp://okla@10.0.0.11:5672,10.0.0.12:5673,10.0.0.13:5674/okla", broker.ToString());
    }

    [Fact]
    public void Should_keep_a_comma_inside_a_password()
    {
        var broker = BrokerAddress.Resolve("amqp://okla:a,b@h1:1/%2Fokla,amqp://okla:a,b@h2:2/%2Fokla", Defaults);

        Assert.Equal("a,b", broker.Password);
        Assert.Equal(2, broker.Nodes.Count);
    }

    [Fact]
    public void Should_refuse_nodes_with_different_users()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BrokerAddress.Resolve("amqp://okla:secret@h1:1/%2Fokla,amqp://other:secret@h2:2/%2Fokla", Defaults));

        Assert.Contains("must share one user, password and virtual host", error.Message);
    }

    [Fact]
    public void Should_refuse_a_list_item_that_is_not_an_amqp_uri()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerAddress.Resolve("amqp://okla:secret@h1:1/%2Fokla,h2:2", Defaults));

        Assert.Contains("nor a comma-separated list of them", error.Message);
    }
}
