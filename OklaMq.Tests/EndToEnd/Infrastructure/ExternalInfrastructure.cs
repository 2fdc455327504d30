namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// RabbitMQ and Redis that a suite started itself (a cluster in network namespaces, a Redis it
/// crashes), handed to <see cref="OklaMqApp"/>: the AppHost runs in external mode on their
/// connection strings (the broker's as its administrator, and each service's as its own user:
/// docs/security.md, "An external broker"), with <paramref name="MoreArguments"/> after the shrunk
/// settings (a later value wins).
/// </summary>
/// <param name="ServiceConnectionStrings">Each service's connection string to the broker, by service name.</param>
public sealed record ExternalInfrastructure(
    string MessagingConnectionString,
    IReadOnlyDictionary<string, string> ServiceConnectionStrings,
    string CacheConnectionString,
    BrokerClient Rabbit,
    ManagementApi Management,
    IReadOnlyList<string> MoreArguments)
{
    public IReadOnlyList<string> Arguments =>
    [
        "--Infrastructure:Mode=external",
        $"--ConnectionStrings:messaging={MessagingConnectionString}",
        .. ServiceConnectionStrings.Select(s => $"--ConnectionStrings:messaging-{s.Key}={s.Value}"),
        $"--ConnectionStrings:cache={CacheConnectionString}",
        .. MoreArguments,
    ];
}
