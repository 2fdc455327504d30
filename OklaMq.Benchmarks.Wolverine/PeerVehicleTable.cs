using Npgsql;

namespace OklaMq.Benchmarks.Wolverine;

/// <summary>The durable peer's vehicles, one JSON document per row, created as the service starts.</summary>
public sealed class PeerVehicleTable(NpgsqlDataSource database) : IHostedService
{
    public const string Name = "peer_vehicles";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"create table if not exists {Name} (id uuid primary key, document jsonb not null)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
