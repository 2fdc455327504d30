namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// RabbitMQ and Redis that a suite started itself (a cluster in network namespaces, a Redis it
/// crashes), handed to <see cref="OklaMqApp"/>: the AppHost runs in external mode on their
/// connection strings, with <paramref name="MoreArguments"/> after the shrunk settings (a later value wins).
/// </summary>
public sealed record ExternalInfrastructure(
    string MessagingConnectionString,
    string CacheConnectionString,
    BrokerClient Rabbit,
    ManagementApi Management,
    IReadOnlyList<string> MoreArguments)
{
    public IReadOnlyList<string> Arguments =>
    [
        "--Infrastructure:Mode=external",
        $"--ConnectionStrings:messaging={MessagingConnectionString}",
        $"--ConnectionStrings:cache={CacheConnectionString}",
        .. MoreArguments,
    ];
}
