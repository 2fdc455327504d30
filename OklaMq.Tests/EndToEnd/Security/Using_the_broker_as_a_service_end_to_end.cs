using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Routing;
using OklaMq.Hosting.RabbitMq;
using OklaMq.Tests.EndToEnd.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.Tests.EndToEnd.Security;

/// <summary>
/// Each service is on the broker as a user of its own, allowed what it does and refused the rest
/// (docs/security.md): the broker answers ACCESS_REFUSED and closes the channel. The whole system
/// running on these users (the shared fixture) is the proof that they allow enough.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed partial class Using_the_broker_as_a_service_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Billing_should_be_refused_consuming_a_notification_queue()
    {
        await using var billing = await app.ConnectAsAsync("billing");
        await using var channel = await billing.CreateChannelAsync();

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.BasicConsumeAsync("vehicle-created", autoAck: false, new AsyncEventingBasicConsumerStub(channel)));

        AssertAccessRefused(refused, "queue 'vehicle-created'", "billing");
    }

    [Fact]
    public async Task Analytics_should_be_refused_publishing_to_vehicle_events()
    {
        await using var analytics = await app.ConnectAsAsync("analytics");
        await using var channel = await analytics.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await channel.BasicPublishAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, mandatory: true, new BasicProperties(), Encoding.UTF8.GetBytes("{}"));
            // The refusal closes the channel; an open channel after a confirmed publish would mean it was accepted.
            await channel.BasicQosAsync(0, 1, false);
        });

        AssertAccessRefused(refused, "exchange 'vehicle.events'", "analytics");
    }

    public static readonly TheoryData<string, string> QueuesNotTheirs = new()
    {
        { "vehicles", "vehicle-created" },
        { "billing", "payment-success" },
        { "auth", "payment-requests" },
        { "billing", "vehicle-sale-saga" },
    };

    [Theory]
    [MemberData(nameof(QueuesNotTheirs))]
    public async Task A_publisher_should_be_refused_deleting_a_queue(string publisher, string queue)
    {
        await using var connection = await app.ConnectAsAsync(publisher);
        await using var channel = await connection.CreateChannelAsync();

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeleteAsync(queue));

        AssertAccessRefused(refused, $"queue '{queue}'", publisher);
        Assert.True((await app.Rabbit.QueueStateAsync(queue)).Consumers >= 0, $"{queue} is still there.");
    }

    [Fact]
    public async Task Should_have_the_administrator_and_one_user_per_service_with_their_permissions()
    {
        var users = (await app.Management.UsersAsync()).Select(u => u!.AsObject()).ToList();
        var permissions = (await app.Management.PermissionsAsync()).Select(p => p!.AsObject()).ToDictionary(p => (string)p["user"]!);

        Assert.Equal(
            ServicePermissions.Services.Append(OklaMqApp.BrokerUserName).Order(StringComparer.Ordinal),
            users.Select(u => (string)u["name"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["administrator"], users.Single(u => (string?)u["name"] == OklaMqApp.BrokerUserName)["tags"]!.AsArray().Select(t => (string)t!));
        foreach (var service in ServicePermissions.Services)
        {
            Assert.Empty(users.Single(u => (string?)u["name"] == service)["tags"]!.AsArray());
            var expected = ServicePermissions.For(service);
            var actual = permissions[service];
            Assert.Equal(expected, new BrokerPermissions((string)actual["configure"]!, (string)actual["write"]!, (string)actual["read"]!));
        }
    }

    /// <summary>
    /// Everything the services did so far (declaring at start-up at least, and whatever the tests
    /// run before this one exercised) passed the broker's checks: its log has no refusal of a
    /// service's user other than those this class provokes.
    /// </summary>
    [Fact]
    public void No_service_should_have_been_refused_what_it_does()
    {
        var node = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<RabbitMqNodeResource>().Single(r => r.Name == OklaMqApp.Broker);
        var logs = Directory.EnumerateFiles(node.Layout.Environment()["RABBITMQ_LOG_BASE"], "*.log").ToList();
        Assert.NotEmpty(logs);

        var refusals = logs.SelectMany(ReadShared)
            .Select(line => Refusal().Match(line))
            .Where(m => m.Success && ServicePermissions.Services.Contains(m.Groups["user"].Value))
            .Select(m => (Operation: m.Groups["operation"].Value, Resource: m.Groups["resource"].Value, User: m.Groups["user"].Value))
            .Where(r => !Provoked.Contains(r))
            .ToList();

        Assert.True(refusals.Count == 0, "The broker refused: " + string.Join("; ", refusals));
    }

    // Refused on purpose above.
    private static readonly HashSet<(string Operation, string Resource, string User)> Provoked =
    [
        ("basic.consume", "queue 'vehicle-created'", "billing"),
        ("basic.publish", "exchange 'vehicle.events'", "analytics"),
        .. QueuesNotTheirs.Select(row => ("queue.delete", $"queue '{row[1]}'", (string)row[0])),
    ];

    private static IEnumerable<string> ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    [GeneratedRegex(@"operation (?<operation>[a-z.]+) caused a channel exception access_refused: access to (?<resource>(queue|exchange) '[^']*') in vhost '[^']*' refused for user '(?<user>[^']*)'")]
    private static partial Regex Refusal();

    [Theory]
    [InlineData("guest", "guest")]
    [InlineData("billing", null)]
    [InlineData(null, null)]
    public async Task The_management_api_should_refuse_anyone_but_the_administrator(string? user, string? password)
    {
        using var http = new HttpClient { BaseAddress = app.Management.BaseUrl };
        if (user is not null)
        {
            var secret = password ?? await app.BrokerPasswordOfAsync(user);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        }

        using var response = await http.GetAsync("api/overview");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static void AssertAccessRefused(Exception? refused, string resource, string user)
    {
        var reason = (refused as OperationInterruptedException)?.ShutdownReason;
        Assert.True(reason is not null, $"Expected the broker to refuse {user} access to {resource}, got {refused}");
        Assert.Equal(Constants.AccessRefused, reason.ReplyCode);
        Assert.Equal($"ACCESS_REFUSED - access to {resource} in vhost '{OklaMqApp.VirtualHost}' refused for user '{user}'", reason.ReplyText);
    }

    [Theory]
    [InlineData("vehicles")]
    [InlineData("notification")]
    [InlineData("deadletters")]
    public async Task A_services_metrics_should_answer_only_a_scrape_with_the_token(string service)
    {
        using var anonymous = await app.Http(service).GetAsync("/metrics");
        using var wrong = await app.ScrapeAsync(service, "not-the-token");
        using var scrape = await app.ScrapeAsync(service, app.Settings.MetricsScrapeToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE ", await scrape.Content.ReadAsStringAsync());
    }

    private sealed class AsyncEventingBasicConsumerStub(IChannel channel) : AsyncDefaultBasicConsumer(channel);
}
