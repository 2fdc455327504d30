using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OklaMq.Contracts.Routing;
using OklaMq.Hosting.RabbitMq;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Security;

/// <summary>
/// A user registers, verifies the emailed code, logs in from an address, lists a vehicle, and a buyer
/// leaves a lead with a phone and an email. None of these values, nor any broker or Redis password,
/// is in any resource's console output or in any log record, span or metric the services export;
/// the events still carry what their contracts require (email, IP address, phone).
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed partial class Keeping_personal_data_out_of_logs_end_to_end(OklaMqApp app)
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_log_and_trace_no_email_phone_address_password_or_code()
    {
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var email = $"ana.{tag}@correo-okla.test";
        var password = $"Clave secreta {tag}";
        var wrongPassword = $"Clave equivocada {tag}";
        var address = $"203.0.113.{RandomNumberGenerator.GetInt32(1, 255)}";
        var phone = $"809-555-{RandomNumberGenerator.GetInt32(1000, 10_000)}";
        var leadEmail = $"comprador.{tag}@correo-okla.test";

        using var exported = app.Telemetry.StartRecording();
        await using var logins = await MessageTap.StartAsync(app, Exchanges.UserEvents, RoutingKeys.UserLoggedIn);
        await using var leads = await MessageTap.StartAsync(app, Exchanges.LeadEvents, RoutingKeys.LeadCreated);

        var dealerId = Guid.Parse((string)(await OklaApis.PostAsync(app.Auth, "/api/auth/register",
            new { email, fullName = "Ana Pérez", password, accountType = "Dealer" }))["userId"]!);
        var verification = await app.NotificationEventuallyAsync(dealerId, "email", "EmailVerification");
        var code = VerificationCode().Match((string)verification["body"]!).Value;
        await OklaApis.PostAsync(app.Auth, "/api/auth/verify", new { userId = dealerId, code }, HttpStatusCode.OK);
        await LoginAsync(email, wrongPassword, address, HttpStatusCode.Unauthorized);
        await LoginAsync(email, password, address, HttpStatusCode.OK);

        var vehicleId = await app.CreateVehicleAsync(dealerId, "Honda", "Civic", 2020, 1_050_000m);
        var lead = await OklaApis.PostAsync(app.Vehicles, "/api/leads",
            new { vehicleId, contactName = "Luis Gómez", contactPhone = phone, contactEmail = leadEmail, source = "WhatsApp" });
        var leadId = (string)lead["id"]!;
        await app.NotificationEventuallyAsync(dealerId, "push", "LeadCreated");
        // Personal data in a body that cannot be read (an exception and its log), and in a query string (an HTTP span).
        await OklaApis.PostAsync(app.Auth, "/api/auth/register", new { email, fullName = "Ana Pérez", password, accountType = 42 }, HttpStatusCode.BadRequest);
        using (await app.Notification.GetAsync($"/api/notifications?userId={dealerId}&email={Uri.EscapeDataString(email)}&phone={phone}"))
        {
        }

        // The events keep what their contracts require.
        var login = await Polling.Eventually(() => Task.FromResult(logins.Bodies.Single(b => (string?)b["userId"] == dealerId.ToString())),
            OklaApis.EventTimeout, "user.login is published");
        Assert.Equal(address, (string?)login["ipAddress"]);
        var created = await Polling.Eventually(() => Task.FromResult(leads.Bodies.Single(b => (string?)b["leadId"] == leadId)),
            OklaApis.EventTimeout, "lead.created is published");
        Assert.Equal(phone, (string?)created["contactPhone"]);
        Assert.Equal(leadEmail, (string?)created["contactEmail"]);

        // Telemetry is exported in batches: wait until the last request's span (its path names the lead) has arrived.
        using (await app.Vehicles.GetAsync($"/api/leads/{leadId}"))
        {
        }
        await Polling.Eventually(() => Task.FromResult(exported.Find(Literals(new() { ["the lead's id"] = leadId })).Count > 0),
            ExportTimeout, "the services export their spans to the tests");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var personal = new Dictionary<string, string>
        {
            ["the registered email"] = email,
            ["the registered email (in a URL)"] = Uri.EscapeDataString(email),
            ["the password"] = password,
            ["a wrong password"] = wrongPassword,
            ["the client's IP address"] = address,
            ["the lead's phone"] = phone,
            ["the lead's phone (digits)"] = phone.Replace("-", ""),
            ["the lead's email"] = leadEmail,
        };
        var patterns = Literals(personal.Concat(await SecretsAsync()).ToDictionary());
        // Six digits could be part of an id: only alone.
        patterns["the verification code"] = new Regex($"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])");

        var inOutput = (
            from resource in app.ResourceNames
            from line in app.Logs.Of(resource)
            from pattern in patterns
            where pattern.Value.IsMatch(line)
            select $"{pattern.Key} in the output of {resource}: {line}").ToList();
        var inTelemetry = exported.Find(patterns);

        Assert.All(app.ResourceNames, resource => Assert.True(app.Logs.Of(resource).Count > 0, $"The output of {resource} was not captured."));
        Assert.True(exported.Count > 0, "Nothing was exported.");
        Assert.True(inOutput.Count == 0, string.Join(Environment.NewLine, inOutput));
        Assert.True(inTelemetry.Count == 0, string.Join(Environment.NewLine, inTelemetry));
    }

    private static Dictionary<string, Regex> Literals(Dictionary<string, string> texts) =>
        texts.ToDictionary(t => t.Key, t => new Regex(Regex.Escape(t.Value)));

    private async Task LoginAsync(string email, string password, string address, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await app.Auth.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>The broker's passwords (administrator and every service) and Redis's.</summary>
    private async Task<Dictionary<string, string>> SecretsAsync()
    {
        var secrets = new Dictionary<string, string>
        {
            ["the broker administrator's password"] = app.Settings.MessagingPassword,
            ["Redis's password"] = app.Settings.CachePassword,
        };
        foreach (var service in ServicePermissions.Services)
        {
            secrets[$"{service}'s broker password"] = await app.BrokerPasswordOfAsync(service);
        }
        return secrets;
    }

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex VerificationCode();
}
