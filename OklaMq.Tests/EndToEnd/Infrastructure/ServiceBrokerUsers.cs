using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>The broker as a service connects to it: with that service's own user and its password generated for the run.</summary>
public static class ServiceBrokerUsers
{
    public static async Task<string> BrokerPasswordOfAsync(this OklaMqApp app, string service) =>
        await app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>()
            .Single(p => p.Name == $"{OklaMqApp.Broker}-{service}-password")
            .GetValueAsync(default) ?? throw new InvalidOperationException($"{service} has no broker password.");

    /// <summary>A new AMQP connection to <c>/okla</c> as <paramref name="service"/>'s user.</summary>
    public static async Task<IConnection> ConnectAsAsync(this OklaMqApp app, string service)
    {
        var amqp = app.App.GetEndpoint(OklaMqApp.Broker, "tcp");
        var factory = new ConnectionFactory
        {
            HostName = amqp.Host,
            Port = amqp.Port,
            VirtualHost = OklaMqApp.VirtualHost,
            UserName = service,
            Password = await app.BrokerPasswordOfAsync(service),
            ClientProvidedName = $"oklamq-tests as {service}",
            AutomaticRecoveryEnabled = false,
        };
        return await factory.CreateConnectionAsync();
    }
}
