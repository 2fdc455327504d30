using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>Every service answers invalid input with a 400 problem that names the field, never a 500.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Sending_invalid_input_end_to_end(OklaMqApp app)
{
    public static TheoryData<string, string, string, string?, string> Requests => new()
    {
        // service, method, path, JSON body, the field the problem must name
        { "vehicles", "POST", "/api/vehicles", $$"""{"dealerId":"{{Guid.NewGuid()}}","make":"Kia","model":"Rio","year":1800,"price":500000}""", "Year" },
        { "vehicles", "POST", "/api/vehicles", $$"""{"dealerId":"{{Guid.NewGuid()}}","make":"Kia","model":"Rio","year":"last year","price":500000}""", "year" },
        { "billing", "POST", "/api/payments", $$"""{"userId":"{{Guid.NewGuid()}}","amount":0,"paymentType":"Listing","gateway":"Azul"}""", "Amount" },
        { "auth", "POST", "/api/auth/register", """{"email":"not-an-email","fullName":"Ana","password":"long enough secret"}""", "Email" },
        { "notification", "POST", "/api/alerts", $$"""{"userId":"{{Guid.NewGuid()}}","make":"Kia","yearFrom":2024,"yearTo":2020}""", "YearFrom" },
        { "analytics", "GET", "/api/analytics/events/latest?count=0", null, "count" },
        { "deadletters", "GET", "/api/faults?pageSize=0", null, "pageSize" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Should_answer_400_naming_the_field(string service, string method, string path, string? body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await app.Http(service).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
        Assert.True(errors is not null, $"No errors in: {text}");
        Assert.True(errors.Any(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)), $"The problem does not name {field}: {text}");
    }
}
