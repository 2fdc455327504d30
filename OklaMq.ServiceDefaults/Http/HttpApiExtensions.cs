using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OklaMq.ServiceDefaults.Http;

public static class HttpApiExtensions
{
    /// <summary>
    /// Problem details for every error: invalid input is a 400 that names the field, never a 500.
    /// Each service also calls <c>builder.Services.AddValidation()</c> itself: .NET 10's validation
    /// source generator only generates validators for the request types of the project that
    /// contains the call, so a call here would validate nothing.
    /// </summary>
    public static TBuilder AddHttpApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    public static WebApplication UseHttpApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
