using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OklaMq.ServiceDefaults.Http;

/// <summary>
/// Turns a body that is not valid JSON, or holds a value of the wrong type, into a 400 validation
/// problem naming the field (ASP.NET Core only says "Bad Request").
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, error) = badRequest.InnerException is JsonException json
            ? (FieldOf(json.Path), "The value is missing, malformed, or of the wrong type.")
            : ("body", badRequest.Message);

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
            {
                Status = badRequest.StatusCode,
                Title = "The request body could not be read.",
            },
        });
    }

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
