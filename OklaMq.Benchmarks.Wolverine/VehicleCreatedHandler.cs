using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using StackExchange.Redis;
using Wolverine;

namespace OklaMq.Benchmarks.Wolverine;

/// <summary>
/// Analytics' effect for a new vehicle (its counters, the dealer's timeline, the latest events), in
/// one script call as the OklaMq inbox commits them, plus a key per message in the same call where
/// the OklaMq inbox writes its processed mark: the key the benchmark sees the effect by.
/// </summary>
public static class VehicleCreatedHandler
{
    public const string EffectPrefix = "okla:benchmark:effects:";

    public static Task Handle(VehicleCreatedEvent created, Envelope envelope, RedisInboxScripts scripts)
    {
        var effects = new RedisEffects();
        AnalyticsStore.Track(effects, AnalyticsEvents.From(created) with { MessageId = envelope.Id });
        effects.StringSet(new RedisKey(EffectPrefix + created.VehicleId), RedisInboxScripts.Done);
        return scripts.ApplyAsync(effects);
    }
}
