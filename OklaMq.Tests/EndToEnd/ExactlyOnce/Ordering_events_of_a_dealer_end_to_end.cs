using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>
/// Design document 10.2 across instances: 1,000 events of 50 dealers through the two analytics
/// instances, each processed after a random delay, and every dealer's timeline is its publish
/// order, complete.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Ordering_events_of_a_dealer_end_to_end(OklaMqApp app)
{
    private const int Dealers = 50;
    private const int EventsPerDealer = 20;

    [Fact]
    public async Task Should_process_each_dealers_events_in_publish_order()
    {
        var dealers = Enumerable.Range(0, Dealers).Select(_ => Guid.NewGuid()).ToList();
        var published = dealers.ToDictionary(d => d, _ => new List<Guid>());

        // Interleaved: dealer 0 event 0, dealer 1 event 0, … as many publishers would.
        for (var sequence = 0; sequence < EventsPerDealer; sequence++)
        {
            foreach (var dealer in dealers)
            {
                var messageId = Guid.NewGuid();
                published[dealer].Add(messageId);
                await VehicleUpdates.PublishAsync(app, dealer, messageId, sequence, fault: "slow:30@analytics-events");
            }
        }

        foreach (var dealer in dealers)
        {
            await Polling.Eventually(async () =>
            {
                var processed = await TimelineAsync(dealer);
                Assert.Equal(published[dealer], processed);
            }, TimeSpan.FromMinutes(3), $"dealer {dealer}'s events are processed in publish order, none missing");
        }
    }

    private async Task<IReadOnlyList<Guid>> TimelineAsync(Guid dealer) =>
        (await app.Analytics.GetFromJsonAsync<JsonArray>($"/api/analytics/dealers/{dealer}/timeline?count=1000"))!
            .Select(e => Guid.Parse((string)e!["messageId"]!))
            .ToList();
}
