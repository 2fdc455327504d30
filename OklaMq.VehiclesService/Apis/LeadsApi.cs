using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Apis;

public static class LeadsApi
{
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPut("/{id:guid}/status", UpdateStatusAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateLeadRequest request, LeadRepository leads, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(request.VehicleId!.Value) is not { } vehicle)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(CreateLeadRequest.VehicleId)] = [$"Vehicle {request.VehicleId} does not exist."],
            });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var lead = new Lead
        {
            Id = Guid.NewGuid(),
            VehicleId = vehicle.Value.Id,
            DealerId = vehicle.Value.DealerId,
            BuyerId = request.BuyerId,
            ContactName = request.ContactName.Trim(),
            ContactPhone = request.ContactPhone.Trim(),
            ContactEmail = request.ContactEmail?.Trim(),
            Source = request.Source,
            Status = LeadStatuses.New,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await leads.AddAsync(lead, CorrelationIds.Of(http), new LeadCreatedEvent
        {
            LeadId = lead.Id,
            VehicleId = lead.VehicleId,
            DealerId = lead.DealerId,
            BuyerId = lead.BuyerId,
            ContactName = lead.ContactName,
            ContactPhone = lead.ContactPhone,
            ContactEmail = lead.ContactEmail,
            Source = lead.Source,
            CreatedAt = now,
        });
        return Results.Created($"/api/leads/{lead.Id}", lead);
    }

    private static async Task<IResult> GetAsync(Guid id, LeadRepository leads) =>
        await leads.FindAsync(id) is { } stored ? Results.Ok(stored.Value) : NotFound(id);

    private static async Task<IResult> UpdateStatusAsync(Guid id, UpdateLeadStatusRequest request, LeadRepository leads, TimeProvider clock, HttpContext http)
    {
        if (await leads.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Status == request.Status && stored.Value.Notes == request.Notes)
        {
            return Results.Ok(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var updated = stored.Value with { Status = request.Status, Notes = request.Notes, UpdatedAt = now };
        var saved = await leads.UpdateAsync(stored, updated, CorrelationIds.Of(http), new LeadStatusUpdatedEvent
        {
            LeadId = id,
            OldStatus = stored.Value.Status,
            NewStatus = request.Status,
            Notes = request.Notes,
            UpdatedAt = now,
        });
        return saved
            ? Results.Ok(updated)
            : Results.Problem($"Lead {id} was changed by another request; read it again and retry.", statusCode: StatusCodes.Status409Conflict);
    }

    private static IResult NotFound(Guid id) => Results.Problem($"Lead {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
}
