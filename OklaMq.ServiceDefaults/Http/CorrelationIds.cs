using Microsoft.AspNetCore.Http;

namespace OklaMq.ServiceDefaults.Http;

/// <summary>The correlation id of a request: the caller's <c>X-Correlation-Id</c> header, or a new one.</summary>
public static class CorrelationIds
{
    public const string Header = "X-Correlation-Id";

    public static Guid Of(HttpContext context) =>
        context.Request.Headers.TryGetValue(Header, out var value) && Guid.TryParse(value, out var id) && id != Guid.Empty
            ? id
            : Guid.NewGuid();
}
