using OklaMq.BillingService.Model;

namespace OklaMq.BillingService.Apis;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/plans", () => Results.Ok(PlanCatalogue.All));
        return app;
    }
}
