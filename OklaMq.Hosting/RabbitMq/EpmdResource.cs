using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// The Erlang port mapper of one run, on its own port. Run as a resource (not the daemon Erlang
/// would start by itself) so it stops with the run; several nodes of a cluster share one.
/// </summary>
public sealed class EpmdResource(string name, string epmdPath, string workingDirectory, int port)
    : ExecutableResource(name, epmdPath, workingDirectory)
{
    public const string EndpointName = "tcp";

    public int Port { get; } = port;
}
