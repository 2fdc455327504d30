using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OklaMq.ServiceDefaults.Http;

public static class HttpApiExtensions
{
    /// <summary>
    /// Request validation from data annotations (.NET 10 minimal API validation) and problem
    /// details for every error: invalid input is a 400 that names the field, never a 500.
    /// </summary>
    public static TBuilder AddHttpApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddValidation();
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
