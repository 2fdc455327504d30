using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

public static class InboxExtensions
{
    /// <summary>The inbox on Redis for every <c>EventConsumerDefinition</c> endpoint (needs the service's Redis client).</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisInboxScripts>();
        services.AddScoped<MessageEffects>();
        if (configuration.GetSection(InboxOptions.SectionName).Get<InboxOptions>()?.Enabled ?? true)
        {
            services.AddSingleton<InboxCommitBatcher>();
            services.AddSingleton<RedisInbox>();
        }
        return services;
    }
}
