using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;
using OklaMq.VehiclesService.Apis;
using OklaMq.VehiclesService.Model;
using StackExchange.Redis;
using Wolverine;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace OklaMq.Benchmarks.Wolverine;

/// <summary>
/// Vehicles' <c>POST /api/vehicles</c> on Wolverine: the same request, vehicle and event. Buffered,
/// the vehicle is saved in Redis, as Vehicles saves it, and then published. Durable, it is saved in
/// PostgreSQL in the same transaction as the outgoing event (Wolverine's outbox), which Wolverine
/// sends once the transaction committed.
/// </summary>
public static class PeerVehiclesApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPeerVehiclesApi(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<PeerSettings>();
        if (settings is { Role: PeerRole.Publisher, Durable: true })
        {
            app.MapPost("/api/vehicles", CreateDurablyAsync);
        }
        else if (settings.Role == PeerRole.Publisher)
        {
            app.MapPost("/api/vehicles", CreateBufferedAsync);
        }
        return app;
    }

    private static async Task<IResult> CreateBufferedAsync(CreateVehicleRequest request, IMessageBus bus, IConnectionMultiplexer redis, HttpContext http)
    {
        var (vehicle, created) = NewVehicle(request, http);
        await redis.GetDatabase().StringSetAsync($"okla:vehicles:{vehicle.Id}", JsonSerializer.Serialize(vehicle, Json), when: When.NotExists);
        await bus.PublishAsync(created);
        return Results.Created($"/api/vehicles/{vehicle.Id}", vehicle);
    }

    private static async Task<IResult> CreateDurablyAsync(CreateVehicleRequest request, IMessageBus bus, IWolverineRuntime runtime, NpgsqlDataSource database, HttpContext http)
    {
        var (vehicle, created) = NewVehicle(request, http);
        var messaging = (MessageContext)bus;
        await using (var connection = await database.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await messaging.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)runtime.Storage, transaction));
            await using var insert = new NpgsqlCommand($"insert into {PeerVehicleTable.Name} (id, document) values ($1, $2)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = vehicle.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(vehicle, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await insert.ExecuteNonQueryAsync();
            await messaging.PublishAsync(created);
            await transaction.CommitAsync();
        }
        await messaging.FlushOutgoingMessagesAsync();
        return Results.Created($"/api/vehicles/{vehicle.Id}", vehicle);
    }

    private static (Vehicle Vehicle, VehicleCreatedEvent Created) NewVehicle(CreateVehicleRequest request, HttpContext http) =>
        NewVehicles.From(request, DateTime.UtcNow, CorrelationIds.Of(http));
}
