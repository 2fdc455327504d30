using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// On a broker the AppHost starts (a process or a container): its administrator and the users of
/// the services that reference it, which <see cref="Services.ServiceResourceExtensions.AddOklaService{TProject}"/>
/// adds. The broker loads them from its definitions when it starts, so they must all be added
/// before the app runs.
/// </summary>
public sealed class BrokerUsersAnnotation(string virtualHost, BrokerUser administrator, Func<BrokerUser, ReferenceExpression> connectionStringOf) : IResourceAnnotation
{
    private readonly List<BrokerUser> _services = [];

    public BrokerDefinitions Definitions => new(virtualHost, [administrator, .. _services]);

    /// <summary>Adds a service's user and returns the service's connection string to the broker as that user.</summary>
    public ReferenceExpression Add(BrokerUser user)
    {
        if (user.Name == administrator.Name || _services.Any(s => s.Name == user.Name))
        {
            throw new InvalidOperationException($"The broker already has a user '{user.Name}': every service gets a user of its own.");
        }
        _services.Add(user);
        return connectionStringOf(user);
    }
}
