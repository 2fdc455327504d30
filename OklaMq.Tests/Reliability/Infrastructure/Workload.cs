using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.ExactlyOnce;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>How a dealer's events reach the broker.</summary>
internal enum PublishPath
{
    /// <summary>POST /api/vehicles on Vehicles: a vehicle.created saved with the vehicle and published by the outbox relay.</summary>
    Http,

    /// <summary>vehicle.updated published straight to the broker with a publisher confirm, retried (same message id) until confirmed.</summary>
    Direct,
}

/// <summary>One event a dealer sent. <see cref="Id"/> is how its effect is found: the vehicle id for HTTP, the message id for a direct publish.</summary>
/// <param name="Accepted">The HTTP request answered 201, or the broker confirmed the publish.</param>
internal sealed record SentEvent(int Sequence, Guid? Id, bool Accepted, DateTime At);

/// <summary>One dealer's events, sent one after the other (each waits for the previous one's answer), so their order is the publish order.</summary>
internal sealed class DealerStream(Guid dealerId, PublishPath path)
{
    private readonly ConcurrentQueue<SentEvent> _events = new();

    public Guid DealerId { get; } = dealerId;
    public PublishPath Path { get; } = path;
    public IReadOnlyList<SentEvent> Events => _events.ToArray();

    public void Add(SentEvent sent) => _events.Enqueue(sent);
}

/// <summary>
/// The fault suite's traffic: several dealers, half of them through the Vehicles HTTP API (and so
/// its outbox), half straight to the broker with confirms, each sending its events in order, one
/// every <c>pace</c>, while a scenario injects its fault.
/// </summary>
internal sealed class Workload
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _completion;

    private Workload(OklaMqApp app, int dealersPerPath, int eventsPerDealer, TimeSpan pace)
    {
        Dealers = Enumerable.Range(0, dealersPerPath * 2)
            .Select(i => new DealerStream(Guid.NewGuid(), i % 2 == 0 ? PublishPath.Http : PublishPath.Direct))
            .ToList();
        EventsPerDealer = eventsPerDealer;
        _completion = Task.WhenAll(Dealers.Select(d => Task.Run(() => RunAsync(app, d, pace))));
    }

    public IReadOnlyList<DealerStream> Dealers { get; }
    public int EventsPerDealer { get; }

    public static Workload Start(OklaMqApp app, int eventsPerDealer, TimeSpan pace, int dealersPerPath = 3) =>
        new(app, dealersPerPath, eventsPerDealer, pace);

    /// <summary>Waits until every dealer has sent <paramref name="events"/> events (answered or not).</summary>
    public Task SentAsync(int events) =>
        Polling.Eventually(() => Task.FromResult(Dealers.All(d => d.Events.Count >= events)), TimeSpan.FromMinutes(2), $"every dealer has sent {events} events");

    /// <summary>Waits for the last answers; a direct publish still unconfirmed after <paramref name="timeout"/> is given up (not accepted).</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        _stop.CancelAfter(timeout);
        await _completion;
    }

    private async Task RunAsync(OklaMqApp app, DealerStream dealer, TimeSpan pace)
    {
        for (var sequence = 0; sequence < EventsPerDealer && !_stop.IsCancellationRequested; sequence++)
        {
            dealer.Add(dealer.Path == PublishPath.Http
                ? await CreateVehicleAsync(app, dealer.DealerId, sequence)
                : await PublishUntilConfirmedAsync(app, dealer.DealerId, sequence));
            await Task.Delay(pace);
        }
    }

    private static async Task<SentEvent> CreateVehicleAsync(OklaMqApp app, Guid dealerId, int sequence)
    {
        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            using var response = await app.Vehicles.PostAsJsonAsync("/api/vehicles",
                new { dealerId, make = "Toyota", model = "Corolla", year = 2021, price = 1_150_000m + sequence }, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var created = (await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!;
                return new(sequence, Guid.Parse((string)created["id"]!), Accepted: true, DateTime.UtcNow);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The service is down or did not answer: the vehicle may or may not have been saved.
        }
        return new(sequence, Id: null, Accepted: false, DateTime.UtcNow);
    }

    private async Task<SentEvent> PublishUntilConfirmedAsync(OklaMqApp app, Guid dealerId, int sequence)
    {
        var messageId = Guid.NewGuid();
        while (true)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(RequestTimeout);
                await VehicleUpdates.PublishAsync(app, dealerId, messageId, sequence, cancellationToken: timeout.Token);
                return new(sequence, messageId, Accepted: true, DateTime.UtcNow);
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // Not confirmed (node gone, connection closed, broker blocked): the same message again, on a new channel.
                await Task.Delay(RetryDelay);
            }
            catch (Exception)
            {
                return new(sequence, messageId, Accepted: false, DateTime.UtcNow);
            }
        }
    }
}
