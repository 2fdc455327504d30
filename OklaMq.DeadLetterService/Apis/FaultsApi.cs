using System.ComponentModel.DataAnnotations;
using OklaMq.DeadLetterService.Infrastructure;

namespace OklaMq.DeadLetterService.Apis;

public static class FaultsApi
{
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/faults");
        api.MapGet("/", ListAsync);
        api.MapGet("/{faultId:guid}", GetAsync);
        return app;
    }

    /// <summary>Fault records, newest first; filter by endpoint (the <c>queue</c> parameter), message type (short name) and time.</summary>
    private static async Task<IResult> ListAsync(
        [StringLength(200)] string? queue,
        [StringLength(200)] string? messageType,
        DateTime? from,
        DateTime? to,
        [Range(1, 100_000)] int? page,
        [Range(1, 500)] int? pageSize,
        FaultStore faults) =>
        Results.Ok(await faults.ListAsync(queue, messageType, from, to, page ?? 1, pageSize ?? 50));

    private static async Task<IResult> GetAsync(Guid faultId, FaultStore faults) =>
        await faults.FindAsync(faultId) is { } fault
            ? Results.Ok(fault)
            : Results.Problem($"Fault {faultId} is not recorded.", statusCode: StatusCodes.Status404NotFound);
}
