using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Outbox;

namespace OklaMq.Tests.Specs.Outbox;

public sealed class Configuring_the_outbox_relay
{
    [Fact]
    public void Should_bound_a_batch_within_half_of_the_lease_by_default()
    {
        var options = OutboxOptionsOf([]);

        Assert.True(options.PublishTimeout * 2 <= options.LeaseDuration);
    }

    [Fact]
    public void Should_refuse_a_publish_timeout_longer_than_half_of_the_lease()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OutboxOptionsOf(new()
        {
            ["Outbox:LeaseDuration"] = "00:00:10",
            ["Outbox:PublishTimeout"] = "00:00:06",
        }));

        Assert.Contains("Outbox:PublishTimeout must be positive and at most half of Outbox:LeaseDuration", error.Message);
    }

    [Fact]
    public void Should_accept_a_longer_publish_timeout_with_a_longer_lease()
    {
        var options = OutboxOptionsOf(new()
        {
            ["Outbox:LeaseDuration"] = "00:01:00",
            ["Outbox:PublishTimeout"] = "00:00:30",
        });

        Assert.Equal(TimeSpan.FromSeconds(30), options.PublishTimeout);
    }

    private static OutboxOptions OutboxOptionsOf(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "outbox-spec" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddOutbox();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<OutboxOptions>>().Value;
    }
}
