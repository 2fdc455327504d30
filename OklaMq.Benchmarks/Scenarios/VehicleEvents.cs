using System.Text.Json;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Serialization;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>
/// The <see cref="VehicleCreatedEvent"/>s the OklaMq scenarios publish: spread over 64 dealers (the
/// ordering key), stamped through <c>CreatedAt</c>, and padded through the model name to a body size.
/// </summary>
public static class VehicleEvents
{
    public const int Dealers = 64;

    public static readonly IReadOnlyList<Guid> DealerIds = Enumerable.Range(0, Dealers).Select(_ => Guid.NewGuid()).ToArray();

    public static VehicleCreatedEvent New(int index, long stampTicks, string model, Guid? vehicleId = null) => new()
    {
        VehicleId = vehicleId ?? Guid.NewGuid(),
        DealerId = DealerIds[index % Dealers],
        Make = "Toyota",
        Model = model,
        Year = 2024,
        Price = 1_250_000m,
        Status = "Pending",
        CreatedAt = BenchClock.ToDateTime(stampTicks),
        CorrelationId = Guid.NewGuid(),
    };

    /// <summary>A model name long enough that the event's JSON is <paramref name="bodyBytes"/> long.</summary>
    public static string ModelFor(int bodyBytes)
    {
        var size = JsonSerializer.SerializeToUtf8Bytes(New(0, 0, "Corolla "), WireJson.Options).Length;
        return "Corolla " + new string('x', Math.Max(0, bodyBytes - size));
    }
}
