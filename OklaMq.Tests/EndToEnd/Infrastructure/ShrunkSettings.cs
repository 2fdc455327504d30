using System.Globalization;
using System.Security.Cryptography;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The AppHost arguments of an end-to-end run: local processes (never containers), passwords known
/// to the tests and made for this run, and recovery intervals shrunk from minutes to seconds. Every
/// key under <c>ServiceSettings</c> reaches every service as configuration. Tests compute their
/// expectations from these same values.
/// </summary>
public sealed class ShrunkSettings
{
    public string MessagingPassword { get; } = NewPassword();
    public string CachePassword { get; } = NewPassword();

    /// <summary>What a scrape of a service's /metrics sends: <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string MetricsScrapeToken { get; } = NewPassword();

    public TimeSpan[] RetryIntervals { get; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)];
    public TimeSpan[] RedeliveryIntervals { get; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];
    public TimeSpan BreakerTrackingPeriod { get; } = TimeSpan.FromSeconds(10);
    public int BreakerTripThresholdPercent { get; } = 50;
    public int BreakerActiveThreshold { get; } = 5;
    public TimeSpan BreakerResetInterval { get; } = TimeSpan.FromSeconds(5);
    public int DeliveryLimit { get; } = 3;

    /// <summary>Partition queues of an endpoint ordered across instances (the default of RabbitMQ:Ordering:Queues).</summary>
    public int OrderingQueues { get; } = 4;

    /// <summary>Analytics runs twice: its endpoint is ordered across instances, and duplicates can race.</summary>
    public int AnalyticsReplicas { get; } = 2;

    /// <summary>Vehicles runs twice: two instances of a saga's owning service race on its instances.</summary>
    public int VehiclesReplicas { get; } = 2;

    /// <summary>The saga timeouts, shrunk from hours and days (docs/sagas.md) to seconds.</summary>
    public TimeSpan RegistrationReminderAfter { get; } = TimeSpan.FromSeconds(3);
    public TimeSpan RegistrationExpireAfter { get; } = TimeSpan.FromSeconds(8);
    public TimeSpan LeadReminderAfter { get; } = TimeSpan.FromSeconds(2);
    public TimeSpan LeadEscalateAfter { get; } = TimeSpan.FromSeconds(5);
    public TimeSpan ReservationWindow { get; } = TimeSpan.FromSeconds(5);
    public TimeSpan[] DunningIntervals { get; } = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)];

    /// <summary>okla_saga_instances is read from Redis this often (15 s by default).</summary>
    public TimeSpan SagaGaugeRefreshInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>While Redis is down, messages wait and are tried again this often.</summary>
    public TimeSpan DependencyRetryInterval { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Prometheus scrapes every 2 s, evaluates rules every second, and fires an alert after 1 s (its rules say minutes).</summary>
    public TimeSpan PrometheusScrapeInterval { get; } = TimeSpan.FromSeconds(2);
    public TimeSpan PrometheusEvaluationInterval { get; } = TimeSpan.FromSeconds(1);
    public TimeSpan PrometheusAlertFor { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts of a message that always fails: first try and retries, once per delivery (first and every redelivery).</summary>
    public int AttemptsUntilDeadLettered => (1 + RetryIntervals.Length) * (1 + RedeliveryIntervals.Length);

    public string[] ToArguments()
    {
        var arguments = new List<string>
        {
            "--Infrastructure:Mode=process",
            $"--Parameters:messaging-password={MessagingPassword}",
            $"--Parameters:cache-password={CachePassword}",
            $"--Parameters:metrics-scrape-token={MetricsScrapeToken}",
            // Stopping the app waits until DCP has stopped every process (broker, Redis, services).
            "--DcpPublisher:WaitForResourceCleanup=true",
            $"--ServiceSettings:RabbitMQ:CircuitBreaker:TrackingPeriod={Format(BreakerTrackingPeriod)}",
            $"--ServiceSettings:RabbitMQ:CircuitBreaker:TripThreshold={BreakerTripThresholdPercent}",
            $"--ServiceSettings:RabbitMQ:CircuitBreaker:ActiveThreshold={BreakerActiveThreshold}",
            $"--ServiceSettings:RabbitMQ:CircuitBreaker:ResetInterval={Format(BreakerResetInterval)}",
            $"--ServiceSettings:RabbitMQ:DeliveryLimit={DeliveryLimit}",
            $"--ServiceSettings:RabbitMQ:DependencyRetryInterval={Format(DependencyRetryInterval)}",
            $"--Replicas:analytics={AnalyticsReplicas}",
            $"--Replicas:vehicles={VehiclesReplicas}",
            $"--ServiceSettings:Sagas:Registration:ReminderAfter={Format(RegistrationReminderAfter)}",
            $"--ServiceSettings:Sagas:Registration:ExpireAfter={Format(RegistrationExpireAfter)}",
            $"--ServiceSettings:Sagas:LeadFollowUp:ReminderAfter={Format(LeadReminderAfter)}",
            $"--ServiceSettings:Sagas:LeadFollowUp:EscalateAfter={Format(LeadEscalateAfter)}",
            $"--ServiceSettings:Sagas:VehicleSale:ReservationWindow={Format(ReservationWindow)}",
            $"--ServiceSettings:Messaging:Sagas:GaugeRefreshInterval={Format(SagaGaugeRefreshInterval)}",
            $"--Prometheus:ScrapeInterval={Format(PrometheusScrapeInterval)}",
            $"--Prometheus:EvaluationInterval={Format(PrometheusEvaluationInterval)}",
            $"--Prometheus:AlertFor={Format(PrometheusAlertFor)}",
        };
        arguments.AddRange(Indexed("RabbitMQ:Retry:Intervals", RetryIntervals));
        // The vehicle-created endpoint has its own retry (design document 6.1: 10 s … 5 min); shrink it too.
        arguments.AddRange(Indexed("RabbitMQ:Endpoints:vehicle-created:Retry:Intervals", RetryIntervals));
        arguments.AddRange(Indexed("RabbitMQ:Redelivery:Intervals", RedeliveryIntervals));
        arguments.AddRange(Indexed("Sagas:SubscriptionActivation:DunningIntervals", DunningIntervals));
        return arguments.ToArray();
    }

    private static IEnumerable<string> Indexed(string key, TimeSpan[] values) =>
        values.Select((value, i) => $"--ServiceSettings:{key}:{i}={Format(value)}");

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    // Letters and digits only: the passwords travel inside URIs and configuration files.
    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
