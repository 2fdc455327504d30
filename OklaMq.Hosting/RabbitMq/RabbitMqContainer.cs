using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>Aspire's RabbitMQ container, as OklaMq runs and publishes it.</summary>
public static class RabbitMqContainer
{
    /// <summary>
    /// The last 3.x line: the same major version as Debian's 3.10.8 that the tests run against (Aspire's
    /// default is a 4.x image), with the management, Prometheus, consistent-hash and Kubernetes
    /// peer-discovery plugins in the image.
    /// </summary>
    public const string ImageTag = "3.13-management";

    /// <summary>Where the container writes its definitions before the broker boots (the data folder, owned by the broker's user).</summary>
    public const string DefinitionsFile = "/var/lib/rabbitmq/definitions.json";

    /// <summary>The environment variable that carries the definitions, passwords included, into the container.</summary>
    public const string DefinitionsVariable = "OKLA_BROKER_DEFINITIONS";

    /// <summary>
    /// Gives the broker its administrator and the services' users (<see cref="BrokerUsersAnnotation"/>):
    /// the container's entry point writes <see cref="DefinitionsVariable"/> to <see cref="DefinitionsFile"/>
    /// and starts the image's own entry point, and the broker loads it at boot (so it creates no
    /// guest and no default user). Health is an AMQP connection to the virtual host, as for a
    /// local process: Aspire's own check connects to "/", which does not exist here. Published,
    /// the broker keeps its data in a volume under a fixed node name.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> WithBrokerUsers(
        this IResourceBuilder<RabbitMQServerResource> rabbit, string administrator, string virtualHost, InfrastructureOptions options)
    {
        var users = new BrokerUsersAnnotation(
            virtualHost,
            BrokerUser.Administrator(administrator, rabbit.Resource.PasswordParameter),
            user => ReferenceExpression.Create($"amqp://{user.Name}:{user.Password:uri}@{rabbit.Resource.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}"));

        foreach (var aspireCheck in rabbit.Resource.Annotations.OfType<HealthCheckAnnotation>().ToList())
        {
            rabbit.Resource.Annotations.Remove(aspireCheck);
        }
        rabbit
            .WithAnnotation(users)
            .WithPromptHealthCheck($"{rabbit.Resource.Name}_virtual_host_check",
                _ => new RabbitMqConnectionHealthCheck(ct => rabbit.Resource.ConnectionStringExpression.GetValueAsync(ct).AsTask(), virtualHost))
            .WithEnvironment(context => context.EnvironmentVariables[DefinitionsVariable] =
                users.Definitions.ToExpression(escapeBraces: context.ExecutionContext.IsPublishMode))
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                $"-rabbit max_message_size {options.MaxMessageSizeBytes.ToString(CultureInfo.InvariantCulture)} -rabbit load_definitions \"{DefinitionsFile}\"")
            .WithEntrypoint("/bin/sh")
            .WithArgs("-c", $"umask 077 && printf '%s' \"${DefinitionsVariable}\" > {DefinitionsFile} && exec docker-entrypoint.sh rabbitmq-server");

        if (rabbit.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            // The node's data folder is named after the node; a fixed name finds it again when the container is replaced.
            rabbit.WithDataVolume().WithEnvironment("RABBITMQ_NODENAME", "rabbit@localhost");
        }
        return rabbit;
    }
}
