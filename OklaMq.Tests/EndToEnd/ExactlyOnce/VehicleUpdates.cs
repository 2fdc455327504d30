using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>
/// vehicle.updated events of one dealer, as a publisher in another language sends them: plain JSON,
/// the dealer as ordering key. A vehicle is updated many times, so only the message id identifies
/// one (no idempotency key): what the inbox must catch.
/// </summary>
public static class VehicleUpdates
{
    public static Task PublishAsync(OklaMqApp app, Guid dealerId, Guid messageId, int sequence, string? fault = null, string? orderingKey = null, CancellationToken cancellationToken = default) =>
        app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleUpdated, new
        {
            vehicleId = Guid.NewGuid(),
            dealerId,
            changes = new { sequence },
            updatedAt = DateTime.UtcNow,
            updatedBy = Guid.NewGuid(),
        }, messageId, fault, orderingKey: orderingKey ?? dealerId.ToString(), cancellationToken: cancellationToken);

    /// <summary>How many vehicle.updated events analytics counted for the dealer.</summary>
    public static async Task<long> CountedAsync(OklaMqApp app, Guid dealerId) =>
        (await app.DealerAnalyticsAsync(dealerId)).GetValueOrDefault(RoutingKeys.VehicleUpdated);
}
