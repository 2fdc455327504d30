using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.Redis;

/// <summary>
/// Debian's <c>redis-server</c> run as a plain process, with a connection string of the same
/// shape as Aspire's Redis container resource.
/// </summary>
public sealed class RedisServerResource(string name, string serverPath, string home, ParameterResource password)
    : ExecutableResource(name, serverPath, home), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;
    public string ConfigFile => Path.Combine(WorkingDirectory, "redis.conf");

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    /// <summary>Loopback only, password required, append-only file on so a Redis restart keeps inbox, outbox and sagas.</summary>
    public static string Config(int port, string password, string dataDirectory) => $"""
        port {port}
        bind 127.0.0.1
        protected-mode yes
        requirepass {password}
        dir {dataDirectory}
        appendonly yes
        appendfsync everysec
        save ""
        daemonize no
        logfile ""
        loglevel warning
        """;
}
