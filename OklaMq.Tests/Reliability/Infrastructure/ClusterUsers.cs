using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// The users of the fault suite's cluster, as a broker the AppHost starts has them (docs/security.md):
/// the administrator, which the suite's own clients and the management API use, and one user per
/// service with its <see cref="ServicePermissions"/>, each with a password made for the run. Every
/// node loads them from its definitions at boot, as the AppHost's cluster does.
/// </summary>
internal sealed class ClusterUsers
{
    public ClusterUsers(string virtualHost)
    {
        Administrator = new("okla", NewSecret(), virtualHost);
        Services = ServicePermissions.Services.Select(service => new BrokerAccount(service, NewSecret(), virtualHost)).ToList();
    }

    public BrokerAccount Administrator { get; }

    /// <summary>One account per service, named after it.</summary>
    public IReadOnlyList<BrokerAccount> Services { get; }

    public Task<string> DefinitionsAsync() =>
        new BrokerDefinitions(Administrator.VirtualHost,
        [
            BrokerUser.Administrator(Administrator.UserName, PasswordOf(Administrator)),
            .. Services.Select(s => new BrokerUser(s.UserName, PasswordOf(s), Tags: "", ServicePermissions.For(s.UserName))),
        ]).ToJsonAsync(CancellationToken.None);

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static ParameterResource PasswordOf(BrokerAccount account) =>
        new($"messaging-{account.UserName}-password", _ => account.Password, secret: true);
}
