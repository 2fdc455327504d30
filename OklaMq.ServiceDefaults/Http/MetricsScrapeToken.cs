using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OklaMq.ServiceDefaults.Http;

/// <summary>
/// <c>/metrics</c> answers only a scrape that sends <c>Authorization: Bearer &lt;Metrics:ScrapeToken&gt;</c>
/// when that setting is given (the AppHost and the Kubernetes resources always give it; a service run
/// alone without it serves its metrics openly). What a Prometheus scrape job sets as
/// <c>authorization: { credentials: … }</c> (README "Deploy").
/// </summary>
public static class MetricsScrapeToken
{
    public const string ConfigurationKey = "Metrics:ScrapeToken";

    public static void RequireToken(this IApplicationBuilder metrics, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }
        var expected = Encoding.UTF8.GetBytes($"Bearer {token}");
        metrics.Use(async (context, next) =>
        {
            var sent = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (!CryptographicOperations.FixedTimeEquals(sent, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await next(context);
        });
    }
}
