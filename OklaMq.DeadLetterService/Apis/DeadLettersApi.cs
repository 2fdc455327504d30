using System.ComponentModel.DataAnnotations;
using OklaMq.DeadLetterService.DeadLetters;
using OklaMq.DeadLetterService.Infrastructure;
using OklaMq.DeadLetterService.Model;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.DeadLetterService.Apis;

public static class DeadLettersApi
{
    /// <summary>Who asked, for the audit log (the AppHost's dashboard commands say "dashboard").</summary>
    public const string ActorHeader = "X-Okla-Actor";

    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dead-letters");
        api.MapGet("/", QueuesAsync);
        api.MapGet("/audit", AuditAsync);
        api.MapPost("/replay", (DeadLetterSelection selection, FaultStore faults, DeadLetterMover mover, HttpContext http) => MoveAllAsync(DeadLetterMover.Replay, selection, faults, mover, http));
        api.MapPost("/purge", (DeadLetterSelection selection, FaultStore faults, DeadLetterMover mover, HttpContext http) => MoveAllAsync(DeadLetterMover.Purge, selection, faults, mover, http));
        api.MapPost("/{queue}/replay", (string queue, DeadLetterSelection selection, DeadLetterMover mover, IConnection connection, HttpContext http) => MoveAsync(DeadLetterMover.Replay, queue, selection, mover, connection, http));
        api.MapPost("/{queue}/purge", (string queue, DeadLetterSelection selection, DeadLetterMover mover, IConnection connection, HttpContext http) => MoveAsync(DeadLetterMover.Purge, queue, selection, mover, connection, http));
        return app;
    }

    /// <summary>Every dead-letter queue that has received a dead letter, with its depth now.</summary>
    private static async Task<IResult> QueuesAsync(FaultStore faults, IConnection connection, CancellationToken cancellationToken)
    {
        var queues = new List<object>();
        foreach (var source in await faults.EndpointsAsync())
        {
            queues.Add(new { queue = source, deadLetterQueue = DeadLetterQueues.For(source), messages = await DepthAsync(connection, DeadLetterQueues.For(source), cancellationToken) });
        }
        return Results.Ok(queues);
    }

    private static async Task<IResult> AuditAsync([Range(1, 1000)] int? count, AuditLog audit) =>
        Results.Ok(await audit.LatestAsync(count ?? 100));

    private static async Task<IResult> MoveAsync(string action, string queue, DeadLetterSelection selection, DeadLetterMover mover, IConnection connection, HttpContext http)
    {
        var source = DeadLetterQueues.IsDeadLetterQueue(queue) ? DeadLetterQueues.SourceOf(queue) : queue;
        if (await DepthAsync(connection, DeadLetterQueues.For(source), http.RequestAborted) is null)
        {
            return Results.Problem($"There is no dead-letter queue {DeadLetterQueues.For(source)}.", statusCode: StatusCodes.Status404NotFound);
        }
        return Results.Ok(await mover.MoveAsync(action, source, selection, ActorOf(http), http.RequestAborted));
    }

    private static async Task<IResult> MoveAllAsync(string action, DeadLetterSelection selection, FaultStore faults, DeadLetterMover mover, HttpContext http)
    {
        var results = new List<MoveResult>();
        foreach (var source in await faults.EndpointsAsync())
        {
            results.Add(await mover.MoveAsync(action, source, selection, ActorOf(http), http.RequestAborted));
        }
        return Results.Ok(results);
    }

    private static string ActorOf(HttpContext http) =>
        http.Request.Headers.TryGetValue(ActorHeader, out var actor) && actor.ToString() is { Length: > 0 and <= 100 } name ? name : "api";

    private static async Task<uint?> DepthAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }
}
